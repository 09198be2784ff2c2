import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { appendLookups, sealLookupLog } from '../../catalog/lookup-log.ts';
import { sealCertificateHeads } from '../../catalog/seal-certificate-heads.ts';
import { verifyChains } from '../../catalog/verify-chains.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { certificate, certificates, loadAsRun } from './fixtures.ts';

const sealedHeads = async (db: Parameters<typeof verifyChains>[0]) =>
  (await db.selectFrom('certificate_seals').select(['block_id', 'cert_number', 'version']).orderBy('block_id').orderBy('cert_number').execute()).map(
    (s) => [Number(s.block_id), s.cert_number, s.version],
  );

forEachTarget('sealCertificateHeads', (getCatalog, target) => {
  beforeEach(async () => {
    await resetCatalog(getCatalog().db);
  });

  it('seals only what changed since the last block: the newest version per certificate', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, certificates(3));
    await loadAsRun(db, [certificate(2, { status: 'revoked' })]);
    expect(await sealCertificateHeads(db)).toEqual({ blocks: 1, versions: 4 });
    expect(await sealCertificateHeads(db)).toEqual({ blocks: 0, versions: 0 });
    await loadAsRun(db, [certificate(3, { status: 'suspended' })]);
    expect(await sealCertificateHeads(db)).toEqual({ blocks: 1, versions: 1 });
    const n = (i: number) => certificate(i).cert_number;
    expect(await sealedHeads(db)).toEqual([[1, n(1), 1], [1, n(2), 2], [1, n(3), 1], [2, n(3), 2]]);
    expect((await verifyChains(db)).ok).toBe(true);
  });

  it('splits a large round into blocks of at most maxVersions, chained', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, certificates(5));
    expect(await sealCertificateHeads(db, { maxVersions: 2 })).toEqual({ blocks: 3, versions: 5 });
    const report = await verifyChains(db);
    expect(report.certificates.seals).toMatchObject({ blocks: 3, heads: 5, unsealedVersions: 0 });
    await sql`update certificate_seal_blocks set prev_hash = 'x' where id = 2`.execute(db);
    expect((await verifyChains(db)).breaks).toEqual([
      expect.objectContaining({ table: 'certificate_seal_blocks', key: { block: 2 }, column: 'prev_hash' }),
      expect.objectContaining({ table: 'certificate_seal_blocks', key: { block: 2 }, column: 'hash' }),
    ]);
  });

  it('names an edited sealed head and a removed block', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, certificates(2));
    await sealCertificateHeads(db, { maxVersions: 1 });
    await sql`update certificate_seals set version = 9 where block_id = 1`.execute(db);
    expect((await verifyChains(db)).breaks).toContainEqual(expect.objectContaining({ table: 'certificate_seal_blocks', key: { block: 1 }, column: 'hash' }));
    await sql`delete from certificate_seals where block_id = 1`.execute(db);
    await sql`delete from certificate_seal_blocks where id = 1`.execute(db);
    expect((await verifyChains(db)).breaks).toContainEqual(expect.objectContaining({ table: 'certificate_seal_blocks', key: { block: 1 }, reason: 'block 1 is missing' }));
  });

  if (target === 'postgres') {
    it('skips versions a load holds locked instead of waiting, and seals them next time', async () => {
      const { db } = getCatalog();
      await loadAsRun(db, certificates(2));
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = db.transaction().execute(async (trx) => {
        await sql`update certificate_versions set valid_to = valid_to where cert_number = ${certificate(1).cert_number}`.execute(trx);
        locked();
        await held;
      });
      await isLocked;
      expect(await sealCertificateHeads(db)).toEqual({ blocks: 1, versions: 1 });
      release();
      await holder;
      expect(await sealCertificateHeads(db)).toEqual({ blocks: 1, versions: 1 });
      expect((await verifyChains(db)).ok).toBe(true);
    });
  }
});

forEachTarget('lookup-log row hashes', (getCatalog) => {
  it('cover a nullable column added later once a row fills it, and leave older hashes as they were', async () => {
    const { db } = getCatalog();
    await resetCatalog(db);
    await appendLookups(db, [{ clientId: 'window', purpose: '办理', kind: 'holder', holderHash: 'h', result: { n: 1 } }]);
    await sealLookupLog(db);
    await sql`alter table lookup_log add column annotation text`.execute(db);
    expect((await verifyChains(db)).ok).toBe(true);
    await sql`insert into lookup_log (client_id, purpose, kind, result, annotation) values ('window', '办理', 'check', '{}', '王经办')`.execute(db);
    await sealLookupLog(db);
    expect((await verifyChains(db)).ok).toBe(true);
    await sql`update lookup_log set annotation = '李经办' where seq = 2`.execute(db);
    expect((await verifyChains(db)).breaks).toEqual([expect.objectContaining({ table: 'lookup_log', key: { seq: 2 } })]);
    await sql`alter table lookup_log drop column annotation`.execute(db);
  });
});
