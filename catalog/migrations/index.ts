import type { Migration } from 'kysely';
import * as initial from './2026-11-23T0000-initial.ts';
import * as syncState from './2026-11-26T0100-sync-state.ts';
import * as runInterrupted from './2026-11-26T0200-run-interrupted.ts';
import * as quarantineRows from './2026-11-26T0300-quarantine-rows.ts';
import * as lookupDenied from './2026-11-27T0100-lookup-denied.ts';
import * as chainSeals from './2026-11-27T0200-chain-seals.ts';
import * as duplicatesColumnsCheckContext from './2026-11-27T0500-duplicates-columns-check-context.ts';
import * as receipts from './2026-11-27T0700-receipts.ts';
import * as sourceFingerprints from './2026-11-27T0810-source-fingerprints.ts';

/**
 * Every migration, by name. An explicit list rather than a folder scan, so it works the
 * same under tsx, bundlers and compiled output. Names sort in the order they apply.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-23T0000-initial': initial,
  '2026-11-26T0100-sync-state': syncState,
  '2026-11-26T0200-run-interrupted': runInterrupted,
  '2026-11-26T0300-quarantine-rows': quarantineRows,
  '2026-11-27T0100-lookup-denied': lookupDenied,
  '2026-11-27T0200-chain-seals': chainSeals,
  '2026-11-27T0500-duplicates-columns-check-context': duplicatesColumnsCheckContext,
  '2026-11-27T0700-receipts': receipts,
  '2026-11-27T0810-source-fingerprints': sourceFingerprints,
};
