import { afterEach, beforeEach, expect, it } from 'vitest';
import { listQuarantine } from '../../catalog/quarantine-repository.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import type { CertificateType } from '../../schemas/types.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { type LicenceWorkspace, type Row, TYPES, licenceWorkspaces, rows, today, uscc } from './licence-workspace.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';

const workspace = licenceWorkspaces();
const REPLACE = 'write_disposition: replace\nmax_cancel: 50%\n';

forEachTarget('a re-sync skips records stored as they are', (getCatalog) => {
  const db = () => getCatalog().db;
  const run = (ws: LicenceWorkspace, opts: { batchSize?: number; fullRefresh?: boolean; certificateTypes?: CertificateType[] } = {}) =>
    runPipeline(ws.pipeline(), {
      db: db(),
      workspace: ws.dir,
      batchSize: opts.batchSize ?? 4,
      certificateTypes: opts.certificateTypes ?? TYPES,
      today,
      fullRefresh: opts.fullRefresh,
    });
  const versions = async () => Number((await db().selectFrom('certificate_versions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const nameOf = async (n: number) => (await db().selectFrom('certificates').select('holder_name').where('holder_id', '=', uscc(n)).executeTakeFirst())?.holder_name;
  const statusOf = async (n: number) => (await db().selectFrom('certificates').select('status').where('holder_id', '=', uscc(n)).executeTakeFirst())?.status;

  beforeEach(async () => {
    await resetCatalog(db());
  });
  afterEach(async () => {
    await expectEveryRunAddsUp(db());
  });

  it('an unchanged re-sync skips every record and counts it unchanged', async () => {
    const ws = workspace(rows(10));
    expect(await run(ws)).toMatchObject({ status: 'succeeded', inserted: 10, unchanged_skipped: 0 });
    const before = await versions();
    const again = await run(ws);
    expect(again).toMatchObject({ status: 'succeeded', read: 10, inserted: 0, updated: 0, unchanged: 10, unchanged_skipped: 10 });
    expect(await versions()).toBe(before);
  });

  it('processes a changed row and skips the rest', async () => {
    const ws = workspace(rows(10));
    await run(ws);
    const changed = rows(10);
    changed[6] = { ...changed[6]!, name: '改名公司' };
    ws.writeSource(changed);
    expect(await run(ws)).toMatchObject({ status: 'succeeded', read: 10, updated: 1, unchanged: 9, unchanged_skipped: 9 });
    expect(await nameOf(6)).toBe('改名公司');
    // The changed row's new fingerprint is stored with it: the next sync skips all ten.
    expect(await run(ws)).toMatchObject({ unchanged: 10, unchanged_skipped: 10 });
  });

  it('a changed mapping processes every record again, then skips them under the new mapping', async () => {
    const ws = workspace(rows(6));
    await run(ws);
    ws.writePipeline('identifier_check: warn\n');
    expect(await run(ws)).toMatchObject({ status: 'succeeded', unchanged: 6, unchanged_skipped: 0 });
    expect(await run(ws)).toMatchObject({ status: 'succeeded', unchanged: 6, unchanged_skipped: 6 });

    ws.writePipeline('identifier_check: warn\nstatus_map:\n  有效: valid\n');
    expect(await run(ws)).toMatchObject({ status: 'succeeded', unchanged: 6, unchanged_skipped: 0 });
  });

  it('changed certificate types in ecert.yaml process every record again', async () => {
    const ws = workspace(rows(6));
    await run(ws);
    const renamed = TYPES.map((t) => ({ ...t, name: `${t.name}（新版）` }));
    expect(await run(ws, { certificateTypes: renamed })).toMatchObject({ status: 'succeeded', unchanged: 6, unchanged_skipped: 0 });
  });

  it('a full refresh processes every record', async () => {
    const ws = workspace(rows(6));
    await run(ws);
    expect(await run(ws, { fullRefresh: true })).toMatchObject({ status: 'succeeded', unchanged: 6, unchanged_skipped: 0 });
  });

  it('never skips a record quarantined last time, and a record restored as stored settles its quarantine row', async () => {
    const bad: Row = { ...rows(1, 3)[0]!, status: '在册' };
    const ws = workspace([...rows(3), bad, ...rows(2, 4)]);
    expect(await run(ws)).toMatchObject({ inserted: 5, quarantined: 1 });
    expect(await run(ws)).toMatchObject({ unchanged: 5, unchanged_skipped: 5, quarantined: 1 });

    // YYZZ3 is fixed: it loads; then it breaks again and comes back exactly as stored.
    ws.writeSource(rows(6));
    expect(await run(ws)).toMatchObject({ inserted: 1, unchanged_skipped: 5 });
    ws.writeSource([...rows(3), bad, ...rows(2, 4)]);
    expect(await run(ws)).toMatchObject({ quarantined: 1, unchanged_skipped: 5 });
    expect(await listQuarantine(db(), { unresolvedOnly: true })).toHaveLength(1);
    ws.writeSource(rows(6));
    expect(await run(ws)).toMatchObject({ unchanged: 6, unchanged_skipped: 6 });
    expect(await listQuarantine(db(), { unresolvedOnly: true })).toEqual([]);
  });

  it('replace: skipped records count as seen, and a record cancelled at source comes back when listed again', async () => {
    const ws = workspace(rows(10), REPLACE);
    await run(ws);
    ws.writeSource(rows(9));
    expect(await run(ws)).toMatchObject({ status: 'succeeded', unchanged: 9, unchanged_skipped: 9, cancelled: 1 });
    for (let n = 0; n < 9; n++) expect(await statusOf(n)).toBe('valid');
    expect(await statusOf(9)).toBe('cancelled');

    ws.writeSource(rows(10));
    expect(await run(ws)).toMatchObject({ status: 'succeeded', updated: 1, unchanged_skipped: 9, cancelled: 0 });
    expect(await statusOf(9)).toBe('valid');
  });

  it('counts repeated rows of a batch as duplicates, as without fingerprints', async () => {
    const [a, b] = rows(2);
    const ws = workspace([a!, b!, a!, { ...b!, name: '后来的名字' }]);
    const first = await run(ws);
    expect(first).toMatchObject({ inserted: 2, duplicates: 2 });
    const second = await run(ws);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, duplicates: 2 });
    expect(await nameOf(1)).toBe('后来的名字');
  });

  it('processes a record whose key the previous batch wrote, since that batch may still be loading', async () => {
    const [a] = rows(1);
    const older = { ...a!, name: '旧名', updated: '2024-01-01 00:00:00' };
    const newer = { ...a!, name: '新名', updated: '2024-01-01 00:00:00' };
    const ws = workspace([older, newer]);
    expect(await run(ws, { batchSize: 1 })).toMatchObject({ inserted: 1, updated: 1 });
    // Whatever the timing of the look-ahead, each batch sees the row the one before it left.
    expect(await run(ws, { batchSize: 1 })).toMatchObject({ updated: 2, unchanged_skipped: 0 });
    expect(await nameOf(0)).toBe('新名');
  });
});
