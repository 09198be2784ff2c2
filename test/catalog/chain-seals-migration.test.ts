import { Migrator, sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { chainHash } from '../../catalog/canonical-json.ts';
import { migrateToLatest } from '../../catalog/migrate.ts';
import { MIGRATIONS } from '../../catalog/migrations/index.ts';
import { sealCertificateHeads } from '../../catalog/seal-certificate-heads.ts';
import { verifyChains } from '../../catalog/verify-chains.ts';
import type { Database } from '../../catalog/database.ts';
import type { CertificateVersionRow } from '../../catalog/tables/certificates.ts';
import type { LookupLogRow } from '../../catalog/tables/lookup-log.ts';
import { forEachTarget } from '../setup.ts';
import { certificate, certificates, loadAsRun } from './fixtures.ts';

const BEFORE = '2026-11-26T0300-quarantine-rows';
const migrator = (db: Kysely<Database>) => new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });

async function versions(db: Kysely<Database>): Promise<CertificateVersionRow[]> {
  const { rows } = await sql<CertificateVersionRow>`select * from certificate_versions order by cert_number, version`.execute(db);
  return rows;
}

/** The block hash before the migration: a fixed list of columns, nulls included. */
function oldBlockHash(prev: string, rows: LookupLogRow[]): string {
  return chainHash(
    prev,
    rows.map((r) => ({ seq: r.seq, at: r.at.toISOString(), client_id: r.client_id, purpose: r.purpose, kind: r.kind, matter_code: r.matter_code, holder_hash: r.holder_hash, result: r.result })),
  );
}

/** Each version's prev_hash and hash under the old rule (data only), chain by chain. */
function oldLinks(rows: CertificateVersionRow[]): { row: CertificateVersionRow; prev: string; hash: string }[] {
  let prev = '';
  let chain = '';
  return rows.map((row) => {
    if (row.cert_number !== chain) {
      chain = row.cert_number;
      prev = '';
    }
    const link = { row, prev, hash: chainHash(prev, row.data) };
    prev = link.hash;
    return link;
  });
}

/** Rewrites every version hash under the old rule, as a catalogue written before the migration holds them. */
async function writeOldHashes(db: Kysely<Database>): Promise<void> {
  for (const { row, prev, hash } of oldLinks(await versions(db))) {
    await sql`update certificate_versions set prev_hash = ${prev}, hash = ${hash} where cert_number = ${row.cert_number} and version = ${row.version}`.execute(db);
  }
}

forEachTarget(
  'chain seals migration',
  (getCatalog) => {
    it('re-chains a catalogue written with the old hash, records it with the links that failed, and goes back', async () => {
      const { db } = getCatalog();
      expect((await migrator(db).migrateTo(BEFORE)).error).toBeUndefined();
      await loadAsRun(db, certificates(3));
      await loadAsRun(db, [certificate(1, { status: 'suspended', source_updated_at: '2024-07-01T00:00:00Z' })]);
      // Old versions carry microseconds; a version and the one that closed it share the instant.
      await sql`update certificate_versions set valid_from = valid_from + interval '0.000123 seconds', valid_to = valid_to + interval '0.000123 seconds'`.execute(db);
      await writeOldHashes(db);
      // Altered before the migration: the old rule catches it, so the migration must say so.
      await sql`update certificate_versions set data = jsonb_set(data, '{holder_name}', '"伪造"') where cert_number = ${certificate(3).cert_number}`.execute(db);
      // Rows as the log held them then: the writer of today fills columns added by later migrations.
      for (const i of [1, 2, 3]) {
        await sql`insert into lookup_log (client_id, purpose, kind, holder_hash, result) values ('window', '办理', 'holder', ${`h${i}`}, ${JSON.stringify({ n: i })})`.execute(db);
      }
      const logRows = await db.selectFrom('lookup_log').selectAll().orderBy('seq').execute();
      await sql`insert into lookup_log_blocks (id, first_seq, last_seq, row_count, prev_hash, hash) values (1, 1, 3, 3, '', ${oldBlockHash('', logRows)})`.execute(db);
      await sql`update lookup_log set block_id = 1`.execute(db);

      expect(await migrateToLatest(db)).toContain('2026-11-27T0200-chain-seals');
      const report = await verifyChains(db);
      // Re-chaining leaves the earlier alteration visible: the data still disagrees with its content hash and the current row.
      const third = { cert_type_code: 'scjg-yyzz', issuer_code: certificate(3).issuer_code, cert_number: certificate(3).cert_number };
      expect(report.breaks).toEqual([
        expect.objectContaining({ table: 'certificate_versions', key: { ...third, version: 1 }, column: 'content_hash' }),
        expect.objectContaining({ table: 'certificates', key: third, column: 'holder_name' }),
      ]);
      expect(report.lookupLog).toMatchObject({ blocks: 1, rows: 3 });
      expect(report.certificates.seals.unsealedVersions).toBe(4);
      expect(report.events).toEqual([
        expect.objectContaining({
          kind: 'rechained',
          details: expect.objectContaining({
            certificate_versions: {
              rechained: 4,
              failed_old_rule: 1,
              failed_listed: [{ ...third, version: 1 }],
            },
            lookup_log_blocks: { rechained: 1, failed_old_rule: 0, failed_listed: [] },
          }),
        }),
      ]);
      const { rows: precision } = await sql<{ n: number }>`
        select count(*)::int as n from certificate_versions where valid_from <> date_trunc('milliseconds', valid_from)`.execute(db);
      expect(precision[0]?.n).toBe(0);

      // The new rule is in force: a column outside the data breaks the chain now.
      await sealCertificateHeads(db);
      await sql`update certificate_versions set run_id = 'forged' where cert_number = ${certificate(2).cert_number}`.execute(db);
      expect((await verifyChains(db)).breaks).toContainEqual(expect.objectContaining({ table: 'certificate_versions', column: 'hash' }));
      await sql`update certificate_versions v set run_id = r.run_id from certificate_versions r
        where r.cert_number = ${certificate(1).cert_number} and r.version = 1 and v.cert_number = ${certificate(2).cert_number}`.execute(db);

      expect((await migrator(db).migrateTo(BEFORE)).error).toBeUndefined();
      for (const { row, prev, hash } of oldLinks(await versions(db))) expect([row.prev_hash, row.hash]).toEqual([prev, hash]);
      const block = await sql<{ hash: string }>`select hash from lookup_log_blocks where id = 1`.execute(db);
      expect(block.rows[0]?.hash).toBe(oldBlockHash('', await db.selectFrom('lookup_log').selectAll().orderBy('seq').execute()));
    });
  },
  { migrate: false },
);
