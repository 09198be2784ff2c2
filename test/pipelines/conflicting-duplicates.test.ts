import path from 'node:path';
import { expect, it } from 'vitest';
import { listDuplicates } from '../../catalog/run-repository.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { forEachTarget } from '../setup.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';
import { copyWorkspace } from './workspace-copy.ts';

const TYPES = [{ code: 'zj-tzzy', name: '建筑施工特种作业操作资格证书', holder_kind: 'person' as const }];

forEachTarget('conflicting duplicates', (getCatalog) => {
  it('records each losing line with the line kept and why, only when the content differs, and the ledger still adds up', async () => {
    const { db } = getCatalog();
    const ws = copyWorkspace('housing-workers');
    const [pipeline] = loadDefinitions(path.join(ws, 'pipelines')).pipelines;
    if (pipeline === undefined) throw new Error('pipeline did not load');
    const run = await runPipeline(pipeline, { db, workspace: ws, batchSize: 100, certificateTypes: TYPES });
    expect(run).toMatchObject({ status: 'succeeded', read: 8, inserted: 3, duplicates: 3, quarantined: 2 });

    const rows = await listDuplicates(db, run.run_id);
    expect(rows.map((r) => [r.line, r.kept_line, JSON.parse(r.natural_key) as string[], r.reason])).toEqual([
      [3, 6, ['zj-tzzy', '11310104P3MPWH2J5W', '浙A042023000101'], 'older_source_updated_at'],
      [8, 5, ['zj-tzzy', '11310104P3MPWH2J5W', '浙A042023000103'], 'older_source_updated_at'],
    ]);
    // The kept line 6 is the cancellation; line 4's exact repeat (line 7) is a duplicate but no conflict.
    const kept = await db.selectFrom('certificates').select(['cert_number', 'status']).orderBy('cert_number').execute();
    expect(kept.map((c) => c.status)).toEqual(['cancelled', 'valid', 'valid']);

    const again = await runPipeline(pipeline, { db, workspace: ws, batchSize: 100, certificateTypes: TYPES });
    expect(again).toMatchObject({ read: 8, unchanged: 3, duplicates: 3 });
    expect(await listDuplicates(db, again.run_id)).toHaveLength(2);
    await expectEveryRunAddsUp(db);
  });

  it('on a tie the later line wins and the earlier one is recorded as such', async () => {
    const { db } = getCatalog();
    const ws = copyWorkspace('housing-workers');
    const [pipeline] = loadDefinitions(path.join(ws, 'pipelines')).pipelines;
    if (pipeline === undefined) throw new Error('pipeline did not load');
    // Without 更新时间 every duplicate is a tie.
    const { source_updated_at: _dropped, ...mapping } = pipeline.mapping ?? {};
    const run = await runPipeline({ ...pipeline, name: 'workers-untimed', mapping }, { db, workspace: ws, batchSize: 100, certificateTypes: TYPES });
    const rows = await listDuplicates(db, run.run_id);
    expect(rows.map((r) => [r.line, r.kept_line, r.reason])).toEqual([
      [3, 6, 'earlier_line'],
      [5, 8, 'earlier_line'],
    ]);
  });
});
