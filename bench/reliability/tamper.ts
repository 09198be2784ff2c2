/**
 * Tamper suite: a small catalogue with every kind of version and a sealed lookup log, then one
 * alteration per case made by SQL (as someone with database access would), each checked with
 * the same verification as `ecert audit verify` and rolled back. A case counts as detected
 * when verification fails and names the altered table and row.
 *
 *   npx tsx bench/reliability/tamper.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../catalog/open-database.ts';
import { verifyChains, type ChainBreak, type ChainReport } from '../../catalog/verify-chains.ts';
import type { Database } from '../../catalog/database.ts';
import type { ReliabilityDriver } from './reliability-driver.ts';
import { seedTamperCatalogue, TAMPER_CASES, type TamperCase } from './tamper-cases.ts';

export interface TamperOutcome {
  name: string;
  detected: boolean;
  breaks: ChainBreak[];
}

class RolledBack extends Error {}

function points(b: ChainBreak, expected: TamperCase['expect']): boolean {
  return b.table === expected.table && Object.entries(expected.key).every(([k, v]) => b.key[k] === v);
}

/** Applies `tamper` in a transaction, verifies inside it and rolls it back. */
async function verifyAltered(db: Kysely<Database>, tamper: TamperCase['apply']): Promise<ChainReport> {
  let report: ChainReport | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      await tamper(trx);
      report = await verifyChains(trx);
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  if (report === undefined) throw new Error('verification did not run');
  return report;
}

/**
 * Runs every case on a catalogue seeded by seedTamperCatalogue; the untouched catalogue must
 * verify clean first, or no detection would mean anything.
 */
export async function runTamperCases(db: Kysely<Database>, cases: TamperCase[] = TAMPER_CASES): Promise<TamperOutcome[]> {
  const clean = await verifyChains(db);
  if (!clean.ok) throw new Error(`the untouched catalogue does not verify: ${JSON.stringify(clean.breaks)}`);
  const outcomes: TamperOutcome[] = [];
  for (const c of cases) {
    const report = await verifyAltered(db, c.apply);
    outcomes.push({ name: c.name, detected: !report.ok && report.breaks.some((b) => points(b, c.expect)), breaks: report.breaks });
  }
  return outcomes;
}

/** The figures for the reliability report, from a fresh embedded store. */
export async function tamper(): Promise<{ cases: number; detected: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-tamper-'));
  const catalog = await openDatabase({ storeDir: path.join(dir, '.ecert') }, { migrate: true });
  try {
    await seedTamperCatalogue(catalog.db);
    const outcomes = await runTamperCases(catalog.db);
    return { cases: outcomes.length, detected: outcomes.filter((o) => o.detected).length };
  } finally {
    await catalog.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const tamperDriver: ReliabilityDriver = {
  name: 'tamper',
  checks: '`ecert audit verify` names the altered table and row for every kind of alteration made by SQL',
  async run() {
    const f = await tamper();
    return {
      tried: `${f.cases} alterations`,
      hostileRecords: 0,
      faultsInjected: f.cases,
      faultsSurvived: f.detected,
      lost: f.cases - f.detected,
      ok: f.detected === f.cases,
      notes: `${f.detected} of ${f.cases} alterations detected and located`,
    };
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await tamper();
  console.log(`tamper cases: ${figures.cases}, detected: ${figures.detected}`);
  if (figures.detected !== figures.cases) process.exitCode = 1;
}
