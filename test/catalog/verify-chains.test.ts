import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { canonicalJson, chainHash, sha256Hex } from '../../catalog/canonical-json.ts';
import { appendLookups, sealLookupLog } from '../../catalog/lookup-log.ts';
import { verifyChains } from '../../catalog/verify-chains.ts';
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
    expect(report.certificates).toEqual({ checked: 5, versions: 11 });
    expect(report.lookupLog.blocks).toBe(3);
    expect(report.lookupLog.rows).toBe(7);
    expect(report.lookupLog.unsealed.rows).toBe(2);
    expect(report.lookupLog.unsealed.oldestAt).toBeInstanceOf(Date);
    expect(report.lookupLog.broken).toBeUndefined();
  });

  it('detects edited version data', async () => {
    const { db } = getCatalog();
    await sql`update certificate_versions set data = jsonb_set(data, '{holder_name}', '"伪造"')
      where cert_number = ${certificate(2).cert_number} and version = 1`.execute(db);
    const report = await verifyChains(db);
    expect(report.ok).toBe(false);
    expect(report.certificates.broken).toEqual({
      key: { typeCode: 'scjg-yyzz', issuerCode: ISSUER, number: certificate(2).cert_number },
      version: 1,
      reason: 'hash does not match the version data',
    });
  });

  it('detects a version rewritten together with its own hashes, at the next link', async () => {
    const { db } = getCatalog();
    const number = certificate(2).cert_number;
    const v1 = await db.selectFrom('certificate_versions').selectAll().where('cert_number', '=', number).where('version', '=', 1).executeTakeFirstOrThrow();
    const forged = { ...v1.data, holder_name: '伪造' };
    await db
      .updateTable('certificate_versions')
      .set({ data: JSON.stringify(forged), content_hash: sha256Hex(canonicalJson(forged)), hash: chainHash('', forged) })
      .where('cert_number', '=', number)
      .where('version', '=', 1)
      .execute();
    expect((await verifyChains(db)).certificates.broken).toMatchObject({
      version: 2,
      reason: 'prev_hash does not match the hash of the previous version',
    });
  });

  it('detects a deleted version', async () => {
    const { db } = getCatalog();
    await sql`delete from certificate_versions where cert_number = ${certificate(1).cert_number} and version = 2`.execute(db);
    const report = await verifyChains(db);
    expect(report.certificates.broken).toMatchObject({ version: 2, reason: 'version 2 is missing' });
  });

  it('detects an edited current row', async () => {
    const { db } = getCatalog();
    await sql`update certificates set valid_until = '2099-12-31' where cert_number = ${certificate(4).cert_number}`.execute(db);
    const report = await verifyChains(db);
    expect(report.certificates.broken).toMatchObject({ reason: 'current row does not match its content_hash' });
  });

  it('detects a deleted lookup-log row in a sealed block', async () => {
    const { db } = getCatalog();
    await sql`delete from lookup_log where seq = 5`.execute(db);
    const report = await verifyChains(db);
    expect(report.ok).toBe(false);
    expect(report.lookupLog.broken).toEqual({ block: 2, reason: 'block holds 2 rows, sealed with 3' });
  });

  it('detects an edited lookup-log row in a sealed block', async () => {
    const { db } = getCatalog();
    await sql`update lookup_log set purpose = '别的事由' where seq = 7`.execute(db);
    expect((await verifyChains(db)).lookupLog.broken).toEqual({ block: 3, reason: 'hash does not match the rows of the block' });
  });

  it('does not flag rows appended after sealing, and seals them into the next block', async () => {
    const { db } = getCatalog();
    expect(await sealLookupLog(db)).toEqual({ blocks: 1, rows: 2 });
    const report = await verifyChains(db);
    expect(report.ok).toBe(true);
    expect(report.lookupLog).toMatchObject({ blocks: 4, rows: 9, unsealed: { rows: 0, oldestAt: null } });
  });
});
