import { beforeEach, expect, it } from 'vitest';
import { cancelMissing } from '../../catalog/cancel-missing.ts';
import { certificateWithVersions, countCertificates } from '../../catalog/certificate-repository.ts';
import { verifyChains } from '../../catalog/verify-chains.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { certificate, certificates, ISSUER, loadAsRun } from './fixtures.ts';

const key = (n: number) => ({ typeCode: 'scjg-yyzz', issuerCode: ISSUER, number: certificate(n).cert_number });

forEachTarget('cancelMissing (replace disposition)', (getCatalog) => {
  beforeEach(async () => {
    await resetCatalog(getCatalog().db);
  });

  it('cancels the rows of the pipeline that the snapshot no longer lists', async () => {
    const { db } = getCatalog();
    const first = await loadAsRun(db, certificates(10), { disposition: 'replace' });
    expect(await cancelMissing(db, { runId: first.runId, pipeline: 'scjg' })).toBe(0);
    await loadAsRun(db, [certificate(100)], { pipeline: 'other', disposition: 'replace' });

    // The second snapshot drops 9 and 10 and changes 1; 2..8 come unchanged and must count as seen.
    const snapshot = certificates(8);
    snapshot[0] = { ...snapshot[0]!, holder_name: '新名称' };
    const second = await loadAsRun(db, snapshot, { disposition: 'replace' });
    expect(second.result).toEqual({ inserted: 0, updated: 1, unchanged: 7 });
    expect(await cancelMissing(db, { runId: second.runId, pipeline: 'scjg' })).toBe(2);

    expect(await countCertificates(db, { status: 'cancelled' })).toBe(2);
    const gone = await certificateWithVersions(db, key(9));
    expect(gone!.certificate).toMatchObject({ status: 'cancelled', version: 2 });
    expect(gone!.versions.map((v) => [v.change, v.run_id])).toEqual([
      ['insert', first.runId],
      ['cancelled-at-source', second.runId],
    ]);
    expect(gone!.versions[0]!.valid_to).toBeInstanceOf(Date);
    expect((await certificateWithVersions(db, key(100)))!.certificate.status).toBe('valid');

    expect(await cancelMissing(db, { runId: second.runId, pipeline: 'scjg' })).toBe(0);
    expect((await verifyChains(db)).ok).toBe(true);
  });

  it('brings a cancelled certificate back when the source lists it again', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, certificates(2), { disposition: 'replace' });
    const second = await loadAsRun(db, [certificate(1)], { disposition: 'replace' });
    await cancelMissing(db, { runId: second.runId, pipeline: 'scjg' });
    const third = await loadAsRun(db, certificates(2), { disposition: 'replace' });
    expect(third.result).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    const back = await certificateWithVersions(db, key(2));
    expect(back!.certificate.status).toBe('valid');
    expect(back!.versions.map((v) => v.change)).toEqual(['insert', 'cancelled-at-source', 'update']);
  });
});
