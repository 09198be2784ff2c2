import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../catalog/canonical-json.ts';
import { appendLookups, sealLookupLog } from '../../catalog/lookup-log.ts';
import { verifyChains } from '../../catalog/verify-chains.ts';
import { versionHash } from '../../catalog/version-hash.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { certificate, certificates, ISSUER, loadAsRun } from './fixtures.ts';

const entries = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    clientId: `client-${i % 2}`,
    purpose: '办理营业执照变更',
    kind: 'holder' as const,
    holderHash: `h${i}`,
    result: { certificates: i },
  }));

forEachTarget('verifyChains', (getCatalog) => {
  beforeEach(async () => {
    const { db } = getCatalog();
    await resetCatalog(db);
    await loadAsRun(db, certificates(5));
    await loadAsRun(db, certificates(5, { status: 'suspended', source_updated_at: '2024-07-01T00:00:00Z' }));
    await loadAsRun(db, [certificate(1, { holder_name: '旧', source_updated_at: '2023-01-01T00:00:00Z' })]);
    await appendLookups(db, entries(7));
    await sealLookupLog(db, { maxRows: 3 });
    await appendLookups(db, entries(2));
  });

  it('passes on untouched data and reports the unsealed tail', async () => {
    const report = await verifyChains(getCatalog().db);
    expect(report.ok).toBe(true);
    expect(report.breaks).toEqual([]);
    expect(report.certificates).toMatchObject({ checked: 5, versions: 11 });
    expect(report.lookupLog.blocks).toBe(3);
    expect(report.lookupLog.rows).toBe(7);
    expect(report.lookupLog.unsealed.rows).toBe(2);
    expect(report.lookupLog.unsealed.oldestAt).toBeInstanceOf(Date);
  });

  it('detects edited version data', async () => {
    const { db } = getCatalog();
    await sql`update certificate_versions set data = jsonb_set(data, '{holder_name}', '"伪造"')
      where cert_number = ${certificate(2).cert_number} and version = 1`.execute(db);
    const report = await verifyChains(db);
    expect(report.ok).toBe(false);
    expect(report.breaks).toContainEqual(
      expect.objectContaining({
        table: 'certificate_versions',
        key: { cert_type_code: 'scjg-yyzz', issuer_code: ISSUER, cert_number: certificate(2).cert_number, version: 1 },
        column: 'hash',
      }),
    );
  });

  it('detects a version rewritten together with its own hashes, at the next link', async () => {
    const { db } = getCatalog();
    const number = certificate(2).cert_number;
    const v1 = await db.selectFrom('certificate_versions').selectAll().where('cert_number', '=', number).where('version', '=', 1).executeTakeFirstOrThrow();
    const forged = { ...v1.data, holder_name: '伪造' };
    await db
      .updateTable('certificate_versions')
      .set({ data: JSON.stringify(forged), content_hash: sha256Hex(canonicalJson(forged)), hash: versionHash({ ...v1, data: forged }) })
      .where('cert_number', '=', number)
      .where('version', '=', 1)
      .execute();
    expect((await verifyChains(db)).breaks).toContainEqual(
      expect.objectContaining({ key: expect.objectContaining({ version: 2 }), reason: 'prev_hash does not match the hash of the previous version' }),
    );
  });

  it('detects a deleted version', async () => {
    const { db } = getCatalog();
    await sql`delete from certificate_versions where cert_number = ${certificate(1).cert_number} and version = 2`.execute(db);
    const report = await verifyChains(db);
    expect(report.breaks).toContainEqual(expect.objectContaining({ key: expect.objectContaining({ version: 2 }), reason: 'version 2 is missing' }));
  });

  it('detects an edited current row', async () => {
    const { db } = getCatalog();
    await sql`update certificates set valid_until = '2099-12-31' where cert_number = ${certificate(4).cert_number}`.execute(db);
    const report = await verifyChains(db);
    expect(report.breaks).toEqual([
      expect.objectContaining({ table: 'certificates', column: 'valid_until', expected: '2030-01-14', found: '2099-12-31' }),
    ]);
  });

  it('detects a version row moved to another holder and a current row moved to another pipeline', async () => {
    const { db } = getCatalog();
    await sql`update certificate_versions set holder_id = 'HOLDER-9' where cert_number = ${certificate(3).cert_number} and version = 1`.execute(db);
    await sql`update certificates set pipeline = 'other' where cert_number = ${certificate(5).cert_number}`.execute(db);
    expect((await verifyChains(db)).breaks).toEqual([
      expect.objectContaining({ table: 'certificate_versions', key: expect.objectContaining({ cert_number: certificate(3).cert_number, version: 1 }), column: 'holder_id' }),
      expect.objectContaining({ table: 'certificates', key: expect.objectContaining({ cert_number: certificate(5).cert_number }), column: 'pipeline', expected: 'scjg', found: 'other' }),
    ]);
  });

  it('reports, without failing, version data and sealed row hashes replaced by other JSON', async () => {
    const { db } = getCatalog();
    await sql`update certificate_versions set data = 'null'::jsonb where cert_number = ${certificate(2).cert_number} and version = 2`.execute(db);
    await sql`update lookup_log_blocks set row_hashes = '{"x":1}'::jsonb where id = 1`.execute(db);
    const report = await verifyChains(db);
    expect(report.breaks).toContainEqual(expect.objectContaining({ table: 'certificate_versions', column: 'hash' }));
    expect(report.breaks).toContainEqual(expect.objectContaining({ table: 'certificates', key: expect.objectContaining({ cert_number: certificate(2).cert_number }), column: 'holder_name' }));
    expect(report.breaks).toContainEqual(expect.objectContaining({ table: 'lookup_log_blocks', key: { block: 1 }, column: 'row_hashes' }));
  });

  it('detects a deleted lookup-log row in a sealed block', async () => {
    const { db } = getCatalog();
    await sql`delete from lookup_log where seq = 5`.execute(db);
    const report = await verifyChains(db);
    expect(report.ok).toBe(false);
    expect(report.breaks).toEqual([expect.objectContaining({ table: 'lookup_log', key: { seq: 5 }, reason: 'the row is missing, though block 2 sealed it' })]);
  });

  it('detects an edited lookup-log row in a sealed block', async () => {
    const { db } = getCatalog();
    await sql`update lookup_log set purpose = '别的事由' where seq = 7`.execute(db);
    expect((await verifyChains(db)).breaks).toEqual([
      expect.objectContaining({ table: 'lookup_log', key: { seq: 7 }, reason: 'the row differs from what block 3 sealed' }),
    ]);
  });

  it('does not flag rows appended after sealing, and seals them into the next block', async () => {
    const { db } = getCatalog();
    expect(await sealLookupLog(db)).toEqual({ blocks: 1, rows: 2 });
    const report = await verifyChains(db);
    expect(report.ok).toBe(true);
    expect(report.lookupLog).toMatchObject({ blocks: 4, rows: 9, unsealed: { rows: 0, oldestAt: null } });
  });

  it('lists every broken link up to the cap, and counts them all', async () => {
    const { db } = getCatalog();
    await sql`update certificates set holder_name = '改' || holder_name`.execute(db);
    const all = await verifyChains(db);
    expect(all.brokenLinks).toBe(5);
    expect(all.breaks.map((b) => b.key.cert_number)).toEqual(certificates(5).map((c) => c.cert_number));
    const capped = await verifyChains(db, { max: 2 });
    expect(capped.brokenLinks).toBe(5);
    expect(capped.breaks).toHaveLength(2);
  });
});
