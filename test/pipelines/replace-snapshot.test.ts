import { beforeEach, expect, it } from 'vitest';
import { countCertificates } from '../../catalog/certificate-repository.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { HEADER, type LicenceWorkspace, type Row, TYPES, csv, licenceWorkspaces, rows, today, uscc } from './licence-workspace.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';

const workspace = licenceWorkspaces();
const REPLACE = 'write_disposition: replace\n';

forEachTarget('replace: a full snapshot', (getCatalog) => {
  const db = () => getCatalog().db;
  const run = (ws: LicenceWorkspace, opts: { allowMassCancel?: boolean } = {}) =>
    runPipeline(ws.pipeline(), { db: db(), workspace: ws.dir, batchSize: 2, certificateTypes: TYPES, today, allowMassCancel: opts.allowMassCancel });
  const statusOf = async (n: number) =>
    (await db().selectFrom('certificates').select('status').where('holder_id', '=', uscc(n)).executeTakeFirst())?.status;

  beforeEach(async () => {
    await resetCatalog(db());
  });

  it('counts a quarantined record as seen: a data defect never cancels a certificate', async () => {
    const z: Row = { no: 'Z1', name: '在册公司', id: uscc(50) };
    const ws = workspace([...rows(4), z, z], `${REPLACE}max_cancel: 50%\n`);
    expect(await run(ws)).toMatchObject({ status: 'succeeded', inserted: 5, duplicates: 1 });

    // Today's snapshot still lists Z1, with a status wording the pipeline does not know; YYZZ3 is gone.
    ws.writeSource([...rows(3), { ...z, status: '在册' }]);
    const second = await run(ws);
    expect(second).toMatchObject({ status: 'succeeded', unchanged: 3, quarantined: 1, cancelled: 1 });
    expect(await statusOf(50)).toBe('valid');
    expect(await statusOf(3)).toBe('cancelled');
    await expectEveryRunAddsUp(db());
  });

  it('cancels nothing when a quarantined record has no natural key to tell which certificate it is', async () => {
    const ws = workspace(rows(4), `${REPLACE}max_cancel: 50%\n`);
    expect(await run(ws)).toMatchObject({ status: 'succeeded', inserted: 4 });
    ws.writeSource(`${csv(rows(3))}一行,坏掉的\n`);
    expect(await run(ws)).toMatchObject({ status: 'succeeded', quarantined: 1, cancelled: 0 });
    expect(await statusOf(3)).toBe('valid');
  });

  it('cancels nothing when the quarantine exceeds its budget', async () => {
    const ws = workspace(rows(4), `${REPLACE}max_cancel: 50%\nmax_invalid: 0\n`);
    await run(ws);
    ws.writeSource([...rows(2), { ...rows(1, 2)[0]!, status: '在册' }]);
    const failed = await run(ws);
    expect(failed).toMatchObject({ status: 'failed', cancelled: 0 });
    expect(failed.error?.code).toBe('HUB_ERR_ERROR_BUDGET');
    expect(await countCertificates(db(), { status: 'cancelled' })).toBe(0);
    await expectEveryRunAddsUp(db());
  });

  it.each([
    ['a header-only file', `${HEADER}\n`],
    ['an empty file', ''],
  ])('%s cancels nothing and fails with HUB_ERR_SNAPSHOT_SHRANK', async (_label, content) => {
    const ws = workspace(rows(3), REPLACE);
    expect(await run(ws)).toMatchObject({ status: 'succeeded', inserted: 3 });
    ws.writeSource(content);
    const r = await run(ws);
    expect(r).toMatchObject({ status: 'failed', read: 0, cancelled: 0 });
    expect(r.error?.code).toBe('HUB_ERR_SNAPSHOT_SHRANK');
    expect(r.error?.message).toMatch(/\b3\b/);
    expect(await countCertificates(db(), { status: 'cancelled' })).toBe(0);

    const forced = await run(ws, { allowMassCancel: true });
    expect(forced).toMatchObject({ status: 'succeeded', cancelled: 3 });
    await expectEveryRunAddsUp(db());
  });

  it('refuses to cancel more than max_cancel (default 10 %) unless mass cancelling is allowed', async () => {
    const ws = workspace(rows(20), REPLACE);
    await run(ws);
    ws.writeSource(rows(18));
    expect(await run(ws)).toMatchObject({ status: 'succeeded', cancelled: 2 });

    ws.writeSource(rows(15));
    const shrank = await run(ws);
    expect(shrank).toMatchObject({ status: 'failed', unchanged: 15, cancelled: 0 });
    expect(shrank.error?.code).toBe('HUB_ERR_SNAPSHOT_SHRANK');
    expect(shrank.error?.details).toMatchObject({ would_cancel: 3, certificates: 18 });
    expect(await countCertificates(db(), { status: 'cancelled' })).toBe(2);

    ws.writePipeline(`${REPLACE}max_cancel: 3\n`);
    expect(await run(ws)).toMatchObject({ status: 'succeeded', cancelled: 3 });
    ws.writeSource(rows(5));
    ws.writePipeline(`${REPLACE}max_cancel: 50%\n`);
    expect((await run(ws)).error?.code).toBe('HUB_ERR_SNAPSHOT_SHRANK');
    expect(await run(ws, { allowMassCancel: true })).toMatchObject({ status: 'succeeded', cancelled: 10 });
    await expectEveryRunAddsUp(db());
  });
});
