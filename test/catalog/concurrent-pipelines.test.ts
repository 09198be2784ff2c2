import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { certificateWithVersions } from '../../catalog/certificate-repository.ts';
import { loadCertificateBatch } from '../../catalog/load-certificates.ts';
import { startRun } from '../../catalog/run-repository.ts';
import type { Database } from '../../catalog/database.ts';
import { verifyChains } from '../../catalog/verify-chains.ts';
import type { Certificate } from '../../schemas/types.ts';
import { openTarget, resetCatalog, type OpenTarget } from '../setup.ts';
import { certificate, ISSUER } from './fixtures.ts';

const postgres = Boolean(process.env.ECERT_TEST_DATABASE_URL);
if (!postgres) console.warn('SKIPPED concurrent-pipelines.test.ts: needs Postgres; set ECERT_TEST_DATABASE_URL to run it');

async function load(db: Kysely<Database>, pipeline: string, records: Certificate[], priority = 0) {
  const runId = await startRun(db, { pipeline, trigger: 'test' });
  return loadCertificateBatch(db, { runId, pipeline, priority, disposition: 'merge', records, quarantine: [], counts: { read: records.length, duplicates: 0 } });
}

/** Resolves once some backend of this database waits for a lock another transaction holds. */
async function someoneWaits(db: Kysely<Database>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where not l.granted and a.datname = current_database()`.execute(db);
    if (rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the second load never waited on the first');
}

/**
 * Pipeline `first` loads its batch in a transaction held open; pipeline `second` loads the
 * same new certificate meanwhile and has to wait; then `first` commits.
 */
async function interleave(db: Kysely<Database>, first: Certificate, second: Certificate) {
  let commit!: () => void;
  const gate = new Promise<void>((r) => (commit = r));
  let loaded!: () => void;
  const firstLoaded = new Promise<void>((r) => (loaded = r));
  const runA = await startRun(db, { pipeline: 'first', trigger: 'test' });
  const held = db.transaction().execute(async (trx) => {
    await loadCertificateBatch(trx, { runId: runA, pipeline: 'first', priority: 0, disposition: 'merge', records: [first], quarantine: [], counts: { read: 1, duplicates: 0 } });
    loaded();
    await gate;
  });
  await firstLoaded;
  const late = load(db, 'second', [second]);
  late.catch(() => undefined);
  await someoneWaits(db);
  commit();
  await held;
  return late;
}

describe.skipIf(!postgres)('new certificates loaded by two pipelines at once [postgres]', () => {
  let target: OpenTarget;
  beforeAll(async () => {
    target = await openTarget('postgres');
  });
  afterAll(async () => {
    await target?.dispose();
  });
  beforeEach(async () => {
    await resetCatalog(target.catalog.db);
  });
  const key = { typeCode: 'scjg-yyzz', issuerCode: ISSUER, number: certificate(1).cert_number };

  it('a newer record loaded while an older one commits becomes current through the conflict rules', async () => {
    const { db } = target.catalog;
    const older = certificate(1, { holder_name: '旧名称有限公司', source_updated_at: '2024-05-01T10:00:00+08:00' });
    const newer = certificate(1, { holder_name: '新名称有限公司', source_updated_at: '2024-06-01T10:00:00+08:00' });
    expect(await interleave(db, older, newer)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const history = await certificateWithVersions(db, key);
    expect(history?.certificate).toMatchObject({ holder_name: '新名称有限公司', pipeline: 'second', version: 2 });
    expect(history?.versions.map((v) => [v.version, v.change, v.pipeline])).toEqual([
      [1, 'insert', 'first'],
      [2, 'update', 'second'],
    ]);
    expect((await verifyChains(db)).ok).toBe(true);
  });

  it('an older record loaded while a newer one commits is stored once as superseded', async () => {
    const { db } = target.catalog;
    const newer = certificate(1, { holder_name: '新名称有限公司', source_updated_at: '2024-06-01T10:00:00+08:00' });
    const older = certificate(1, { holder_name: '旧名称有限公司', source_updated_at: '2024-05-01T10:00:00+08:00' });
    expect(await interleave(db, newer, older)).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const history = await certificateWithVersions(db, key);
    expect(history?.certificate).toMatchObject({ holder_name: '新名称有限公司', pipeline: 'first', version: 1 });
    expect(history?.versions.map((v) => [v.version, v.change, v.pipeline])).toEqual([
      [1, 'insert', 'first'],
      [2, 'superseded', 'second'],
    ]);
  });

  it('four pipelines loading the same new certificates in parallel end with one chain each, the highest priority current', async () => {
    const { db } = target.catalog;
    const count = 300;
    const loads = [0, 1, 2, 3].map((p) => {
      // Each pipeline meets the keys in its own order, so row locks are taken in conflicting orders too.
      const records = Array.from({ length: count }, (_, i) => certificate(p % 2 === 0 ? i + 1 : count - i, { holder_name: `企业${i}-${p}` }));
      return load(db, `p${p}`, records, p);
    });
    await Promise.all(loads);
    const { rows } = await sql<{ pipeline: string; n: number }>`
      select c.pipeline, count(*)::int as n from certificates c group by c.pipeline`.execute(db);
    expect(rows).toEqual([{ pipeline: 'p3', n: count }]);
    const versions = await sql<{ n: number; chains: number }>`
      select count(*)::int as n, count(distinct (cert_type_code, issuer_code, cert_number))::int as chains from certificate_versions`.execute(db);
    expect(versions.rows[0]).toEqual({ n: 4 * count, chains: count });
    expect((await verifyChains(db)).ok).toBe(true);
  });
});
