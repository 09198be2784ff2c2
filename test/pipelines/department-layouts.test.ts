import path from 'node:path';
import { expect, it } from 'vitest';
import { checkSource } from '../../pipelines/check-source.ts';
import type { PipelineDefinition } from '../../pipelines/definition.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { captureLog } from '../capture-log.ts';
import { forEachTarget } from '../setup.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';
import { FIXTURES } from './workspace-copy.ts';

const WORKSPACE = path.join(FIXTURES, 'department-layouts');
const TYPES = [
  { code: 'zj-zlba', name: '房屋租赁备案证明', holder_kind: 'person' as const },
  { code: 'rs-zyzg', name: '专业技术人员职业资格证书', holder_kind: 'person' as const },
  { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' as const },
];
const TODAY = new Date('2024-06-03T00:00:00Z');

function pipeline(name: string): PipelineDefinition {
  const loaded = loadDefinitions(path.join(WORKSPACE, 'pipelines'));
  expect(loaded.errors).toEqual([]);
  const found = loaded.pipelines.find((p) => p.name === name);
  if (!found) throw new Error(`no pipeline ${name}`);
  return found;
}

forEachTarget('department file layouts', (getCatalog) => {
  it.each([
    ['leases', { read: 6, inserted: 6, quarantined: 0 }, [{ rule: 'footer', lines: [10] }]],
    ['hr-titles', { read: 5, inserted: 4, quarantined: 1 }, [{ rule: 'footer', lines: [8] }, { rule: 'stop', line: 9, ignored: 2 }]],
    ['licences-bom', { read: 3, inserted: 3, quarantined: 0 }, [{ rule: 'footer', lines: [5] }]],
  ])('%s: the footer is neither read nor quarantined, and is reported', async (name, counts, warnings) => {
    const { db } = getCatalog();
    const { logger, events } = captureLog('warn');
    const run = await runPipeline(pipeline(name), { db, workspace: WORKSPACE, batchSize: 100, certificateTypes: TYPES, today: TODAY, logger });
    expect(run).toMatchObject({ status: 'succeeded', ...counts });
    expect(events().filter((e) => e.event === 'rows_ignored')).toEqual(warnings.map((w) => expect.objectContaining({ pipeline: name, ...w })));
    const quarantined = await db.selectFrom('quarantine').select(['line', 'reason']).where('run_id', '=', run.run_id).execute();
    expect(quarantined).toEqual(name === 'hr-titles' ? [{ line: 5, reason: 'missing_field' }] : []);
    await expectEveryRunAddsUp(db);
  });

  it('check-source on the workbook without skip_rows suggests skip_rows: 1', async () => {
    const leases = pipeline('leases');
    const { skip_rows: _, ...source } = leases.source;
    const checked = await checkSource({ ...leases, source }, { workspace: WORKSPACE, batchSize: 100, certificateTypes: TYPES, today: TODAY });
    expect(checked).toMatchObject({ ok: false, message: expect.stringContaining('row 2 has 备案证明编号, 承租人, 身份证号, 备案日期, 有效期至, 状态, 发证机关: set skip_rows: 1') });
    expect(await checkSource(leases, { workspace: WORKSPACE, batchSize: 100, certificateTypes: TYPES, today: TODAY })).toMatchObject({
      ok: true,
      sample: { read: 6, valid: 6 },
    });
  });
});
