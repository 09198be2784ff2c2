import { statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { countCertificates } from '../../catalog/certificate-repository.ts';
import { createLogger } from '../../core/log.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { captureLog } from '../capture-log.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { type LicenceWorkspace, type Row, TYPES, licenceWorkspaces, rows, today, uscc } from './licence-workspace.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';

const workspace = licenceWorkspaces();
const bad = (n: number, updated = '2024-01-01 00:00:00'): Row => ({ no: `BAD${n}`, name: '坏', id: `BADID${n}`, updated });

forEachTarget('resuming a failed run', (getCatalog) => {
  const db = () => getCatalog().db;
  const run = (ws: LicenceWorkspace, opts: { logger?: ReturnType<typeof createLogger> } = {}) =>
    runPipeline(ws.pipeline(), { db: db(), workspace: ws.dir, batchSize: 2, certificateTypes: TYPES, today, logger: opts.logger });

  beforeEach(async () => {
    await resetCatalog(db());
  });

  it('filters a resumed incremental run on the last complete run, not on the newest cursor committed so far', async () => {
    const dated = (n: number, updated: string): Row => ({ ...rows(1, n)[0]!, updated });
    // Batch 1 holds the newest timestamp; batch 2 breaks the budget; batch 3 is older than batch 1.
    const source = [
      dated(0, '2024-03-01 00:00:00'),
      dated(1, '2024-01-01 00:00:00'),
      bad(1),
      bad(2),
      dated(2, '2024-01-02 00:00:00'),
      dated(3, '2024-01-03 00:00:00'),
    ];
    const ws = workspace(source, 'incremental:\n  cursor: [更新时间, 证照编号]\nmax_invalid: 1\n');
    const failed = await run(ws);
    expect(failed).toMatchObject({ status: 'failed', inserted: 2 });
    expect(failed.error?.code).toBe('HUB_ERR_ERROR_BUDGET');

    ws.writePipeline('incremental:\n  cursor: [更新时间, 证照编号]\nmax_invalid: 5\n');
    const resumed = await run(ws);
    expect(resumed).toMatchObject({ status: 'succeeded', read: 4, inserted: 2, quarantined: 2, skipped: 0 });
    expect(await countCertificates(db())).toBe(4);

    // Now complete: the next run filters on the newest cursor and reads nothing again.
    const again = await run(ws);
    expect(again).toMatchObject({ status: 'succeeded', read: 0, skipped: 6 });
    ws.writeSource([...source, dated(9, '2024-03-02 00:00:00')]);
    expect(await run(ws)).toMatchObject({ status: 'succeeded', read: 1, inserted: 1, skipped: 6 });
    await expectEveryRunAddsUp(db());
  });

  it('reads a replaced source file from the start, warning with the old and new fingerprint', async () => {
    const ws = workspace([...rows(2, 10), bad(1), bad(2), ...rows(2, 12)], 'max_invalid: 1\n');
    expect(await run(ws)).toMatchObject({ status: 'failed', inserted: 2 });
    const file = path.join(ws.dir, 'data', 'licences.csv');
    const before = statSync(file);

    // Same size, same modification time, other first records: only the content tells them apart.
    ws.writeSource([...rows(2, 14), bad(1), bad(2), ...rows(2, 12)]);
    utimesSync(file, before.atime, before.mtime);
    expect(statSync(file).size).toBe(before.size);
    ws.writePipeline('max_invalid: 5\n');
    const log = captureLog('info');
    const rerun = await run(ws, { logger: log.logger });
    expect(rerun).toMatchObject({ status: 'succeeded', read: 6, inserted: 4, quarantined: 2 });
    for (const n of [14, 15]) expect(await countCertificates(db(), { holderId: uscc(n) }), `YYZZ${n}`).toBe(1);
    const changed = log.events().find((e) => e.event === 'source_changed');
    expect(changed, 'a warning names the old and the new fingerprint').toMatchObject({ level: 40 });
    expect(changed?.previous_fingerprint).toEqual(expect.any(String));
    expect(changed?.fingerprint).toEqual(expect.any(String));
    expect(changed?.previous_fingerprint).not.toBe(changed?.fingerprint);
    await expectEveryRunAddsUp(db());
  });

  it('resumes an unchanged source file after its last committed batch', async () => {
    const ws = workspace([...rows(2), bad(1), bad(2), ...rows(2, 2)], 'max_invalid: 1\n');
    expect(await run(ws)).toMatchObject({ status: 'failed', inserted: 2 });
    ws.writePipeline('max_invalid: 5\n');
    const log = captureLog('info');
    expect(await run(ws, { logger: log.logger })).toMatchObject({ status: 'succeeded', read: 4, inserted: 2, quarantined: 2 });
    expect(log.events().some((e) => e.event === 'source_changed')).toBe(false);
    await expectEveryRunAddsUp(db());
  });
});
