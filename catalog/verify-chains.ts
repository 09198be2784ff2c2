import type { Kysely } from 'kysely';
import { ChainBreaks, type ChainBreak } from './chain-breaks.ts';
import { verifyCurrentRows, verifyVersions } from './verify-certificate-chains.ts';
import { verifyCertificateSeals, verifyLookupBlocks } from './verify-seal-blocks.ts';
import type { Database } from './database.ts';
import type { ChainEventRow } from './tables/chain-events.ts';

export type { ChainBreak, ChainTable } from './chain-breaks.ts';

export interface ChainReport {
  ok: boolean;
  /** Every broken link found, up to the cap. */
  breaks: ChainBreak[];
  /** How many were found in all, listed or not. */
  brokenLinks: number;
  certificates: {
    checked: number;
    versions: number;
    seals: { blocks: number; heads: number; lastHash: string | null; unsealedVersions: number };
  };
  lookupLog: { blocks: number; rows: number; lastHash: string | null; unsealed: { rows: number; oldestAt: Date | null } };
  /** What was done to the chains as a whole (re-chaining under a new hash rule), oldest first. */
  events: Pick<ChainEventRow, 'at' | 'kind' | 'details'>[];
}

export const DEFAULT_MAX_BREAKS = 100;

/**
 * Recomputes every certificate version chain, every current row against its version, the
 * sealed heads of the certificate chains and every sealed lookup-log block, a page at a time.
 * All broken links are counted and the first `max` listed. Versions and lookup-log rows not
 * sealed yet are verified for what they hold but not against removal; their number is reported.
 */
export async function verifyChains(db: Kysely<Database>, options: { max?: number } = {}): Promise<ChainReport> {
  const breaks = new ChainBreaks(options.max ?? DEFAULT_MAX_BREAKS);
  const versions = await verifyVersions(db, breaks);
  const checked = await verifyCurrentRows(db, breaks);
  const seals = await verifyCertificateSeals(db, breaks);
  const blocks = await verifyLookupBlocks(db, breaks);
  const unsealedVersions = await db
    .selectFrom('certificate_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sealed_in', 'is', null)
    .executeTakeFirstOrThrow();
  const tail = await db
    .selectFrom('lookup_log')
    .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.min('at').as('oldest')])
    .where('block_id', 'is', null)
    .executeTakeFirstOrThrow();
  const events = await db.selectFrom('chain_events').select(['at', 'kind', 'details']).orderBy('id').execute();
  return {
    ok: breaks.count === 0,
    breaks: breaks.listed,
    brokenLinks: breaks.count,
    certificates: {
      checked,
      versions,
      seals: { blocks: seals.blocks, heads: seals.heads, lastHash: seals.lastHash, unsealedVersions: Number(unsealedVersions.n) },
    },
    lookupLog: {
      blocks: blocks.blocks,
      rows: blocks.rows,
      lastHash: blocks.lastHash,
      unsealed: { rows: Number(tail.rows), oldestAt: tail.oldest ?? null },
    },
    events,
  };
}
