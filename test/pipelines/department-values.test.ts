import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../pipelines/check-source.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { quarantineMessageZh } from '../../pipelines/quarantine-message-zh.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { transformBatch } from '../../pipelines/transform-batch.ts';
import type { PipelineDefinition } from '../../pipelines/definition.ts';
import { forEachTarget } from '../setup.ts';
import { copyWorkspace } from './workspace-copy.ts';

const TYPES = [{ code: 'zj-tzzy', name: '建筑施工特种作业操作资格证书', holder_kind: 'person' as const }];
const HUZHOU = '1133050000255842XJ';
const CHANGXING = '113305220026011337';

function pipelineOf(ws: string, name: string): PipelineDefinition {
  const loaded = loadDefinitions(path.join(ws, 'pipelines'));
  expect(loaded.errors).toEqual([]);
  const pipeline = loaded.pipelines.find((p) => p.name === name);
  if (pipeline === undefined) throw new Error(`pipeline ${name} did not load`);
  return pipeline;
}

forEachTarget('values departments send', (getCatalog) => {
  it('maps 发证机关 names to codes, and quarantines a name without entry, an empty 有效期, an Excel-mangled id and a wrong check character', async () => {
    const { db } = getCatalog();
    const ws = copyWorkspace('name-only-issuers');
    const run = await runPipeline(pipelineOf(ws, 'workers'), { db, workspace: ws, batchSize: 100, certificateTypes: TYPES });
    expect(run).toMatchObject({ status: 'succeeded', read: 8, inserted: 4, quarantined: 4 });

    const stored = await db.selectFrom('certificates').select(['cert_number', 'issuer_code', 'issuer_name', 'valid_until']).where('pipeline', '=', 'workers').orderBy('cert_number').execute();
    expect(stored.map((c) => [c.cert_number, c.issuer_code, c.issuer_name, c.valid_until])).toEqual([
      ['浙A042023000201', HUZHOU, '湖州市住房和城乡建设局', '2029-05-05'],
      // Full-width spaces around the name, as Excel exports pad it.
      ['浙A042023000202', HUZHOU, '湖州市住房和城乡建设局', '2029-05-07'],
      ['浙A042023000203', CHANGXING, '长兴县住房和城乡建设局', '2029-05-08'],
      // 长期 written out still means long-term under require_valid_until.
      ['浙A042023000206', HUZHOU, '湖州市住房和城乡建设局', null],
    ]);

    const rows = await db.selectFrom('quarantine').select(['line', 'reason', 'path', 'message', 'details']).where('run_id', '=', run.run_id).orderBy('line').execute();
    const mapping = pipelineOf(ws, 'workers').mapping ?? {};
    const zh = rows.map((r) => quarantineMessageZh('certificate', r, mapping[(r.path ?? '').slice(1)]));
    expect(rows.map((r) => [r.line, r.reason, r.path, r.message])).toEqual([
      [6, 'invalid_code', '/issuer_code', '发证机关 湖州市建设局 has no entry in value_maps.issuer_code'],
      [7, 'missing_field', '/valid_until', expect.stringContaining('require_valid_until')],
      [9, 'invalid_identifier', '/holder_id', '持证主体代码 holder_id: 3.30502E+17 looks like Excel scientific notation: format the column as text before exporting (format)'],
      [10, 'invalid_identifier', '/holder_id', expect.stringContaining('check character should be X, found 3')],
    ]);
    expect(zh).toEqual([
      '「发证机关」（颁发机构代码）的名称在对照表 value_maps.issuer_code 中没有对应代码，请核对名称，或在对照表中补上这一项',
      '「有效期至」（有效期截止）为空，请填写截止日期；长期有效的请写“长期”',
      expect.stringContaining('科学计数法'),
      expect.stringContaining('应为 X，实为 3'),
    ]);
  });

  it('resolves city names to the city and lists the candidates of an ambiguous district', async () => {
    const { db } = getCatalog();
    const ws = copyWorkspace('name-only-issuers');
    const run = await runPipeline(pipelineOf(ws, 'matters'), { db, workspace: ws, batchSize: 100, certificateTypes: TYPES });
    expect(run).toMatchObject({ status: 'succeeded', read: 7, inserted: 5, quarantined: 2 });
    const stored = await db.selectFrom('matters').select(['matter_code', 'division_code']).orderBy('matter_code').execute();
    expect(new Map(stored.map((m) => [m.matter_code, m.division_code]))).toEqual(
      new Map([
        ['1133050000255842XJ4330117002000', '330500'],
        ['1133010000197605684330117002000', '330100'],
        ['11360800014455305J4360117002000', '360800'],
        ['11110000000028863W4110117002000', '110000'],
        ['1133050000255842XJ4330117003000', '330500'],
      ]),
    );
    const rows = await db.selectFrom('quarantine').select(['line', 'reason', 'path', 'message', 'details']).where('run_id', '=', run.run_id).orderBy('line').execute();
    expect(rows.map((r) => [r.line, r.reason, r.path, r.message])).toEqual([
      [7, 'invalid_code', '/division_code', expect.stringContaining('朝阳区 names 2 divisions: 北京市朝阳区 (110105), 吉林省长春市朝阳区 (220104)')],
      [8, 'invalid_code', '/division_code', expect.stringContaining('鼓楼区 names 4 divisions: 江苏省南京市鼓楼区 (320106)')],
    ]);
    expect(quarantineMessageZh('matter', rows[0]!, '实施区划')).toBe(
      '「实施区划」（行政区划代码）对应多个行政区划：北京市朝阳区（110105）、吉林省长春市朝阳区（220104），请填写区划代码，或写明所属省、市',
    );
  });
});

describe('value_maps in a pipeline definition', () => {
  /** The workers pipeline with its value_maps block replaced. */
  function withValueMaps(block: string): { ws: string; yaml: string } {
    const ws = copyWorkspace('name-only-issuers');
    const yaml = path.join(ws, 'pipelines', 'workers.yaml');
    const text = readFileSync(yaml, 'utf8');
    writeFileSync(yaml, text.replace(/value_maps:\n(?: {2,}.*\n)+/, `value_maps:\n${block}`));
    return { ws, yaml };
  }

  function problems(ws: string) {
    const loaded = loadDefinitions(path.join(ws, 'pipelines'));
    return loaded.errors.filter((e) => e.path.startsWith('value_maps'));
  }

  it('reads the CSV at load, so the definition holds every entry and changes when the file does', () => {
    const ws = copyWorkspace('name-only-issuers');
    const before = pipelineOf(ws, 'workers');
    expect(before.value_maps).toEqual({ issuer_code: { 湖州市住房和城乡建设局: HUZHOU, 长兴县住房和城乡建设局: CHANGXING } });
    const csv = path.join(ws, 'data', 'issuers.csv');
    writeFileSync(csv, Buffer.concat([readFileSync(csv), Buffer.from('安吉县住房和城乡建设局,11330523002601145X\r\n')]));
    expect(JSON.stringify(pipelineOf(ws, 'workers'))).not.toBe(JSON.stringify(before));
  });

  it('never falls back to a default code for a name without entry', async () => {
    const ws = copyWorkspace('name-only-issuers');
    const yaml = path.join(ws, 'pipelines', 'workers.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('  holder_kind: person\n', `  holder_kind: person\n  issuer_code: "${HUZHOU}"\n`));
    const pipeline = pipelineOf(ws, 'workers');
    expect(pipeline.defaults.issuer_code).toBe(HUZHOU);
    const checked = await checkSource(pipeline, { workspace: ws, batchSize: 100, certificateTypes: TYPES });
    expect(checked.sample.first_problems[0]).toMatchObject({ line: 6, reason: 'invalid_code', path: '/issuer_code', message: '发证机关 湖州市建设局 has no entry in value_maps.issuer_code' });
  });

  it('keeps the natural key of a record whose miss lies outside the key, so a replace snapshot still counts it as listed', () => {
    const ws = copyWorkspace('name-only-issuers');
    const base = pipelineOf(ws, 'workers');
    const pipeline = { ...base, value_maps: { ...base.value_maps, status: { 有效: 'valid' } } };
    const row = { 证书编号: ' 浙A042023000201 ', 姓名: '张建国', 身份证号: '330502198604180114', 发证机关: '湖州市住房和城乡建设局', '发证日期（yyyy-mm-dd）': '2023-05-06', 有效期至: '2029-05-05' };
    const t = transformBatch(
      pipeline,
      [
        { line: 3, data: { ...row, 证书状态: '在册' } },
        { line: 4, data: { ...row, 发证机关: '湖州市建设局', 证书状态: '有效' } },
      ],
      { today: new Date('2024-06-03'), certificateTypes: TYPES },
    );
    expect(t.quarantine.map((q) => [q.line, q.path, q.key, q.naturalKey])).toEqual([
      [3, '/status', { cert_type_code: 'zj-tzzy', issuer_code: HUZHOU, cert_number: '浙A042023000201' }, JSON.stringify(['zj-tzzy', HUZHOU, '浙A042023000201'])],
      [4, '/issuer_code', undefined, null],
    ]);
  });

  it('accepts an inline table', () => {
    const { ws } = withValueMaps(`  issuer_code:\n    湖州市住房和城乡建设局: "${HUZHOU}"\n`);
    expect(pipelineOf(ws, 'workers').value_maps).toEqual({ issuer_code: { 湖州市住房和城乡建设局: HUZHOU } });
  });

  it('rejects a field the entity does not have, with its line', () => {
    const { ws, yaml } = withValueMaps(`  issuing_authority:\n    湖州市住房和城乡建设局: "${HUZHOU}"\n`);
    expect(problems(ws)).toEqual([{ file: yaml, line: 24, path: 'value_maps.issuing_authority', message: expect.stringContaining('"issuing_authority" is not a certificate field') }]);
  });

  it('rejects a missing CSV file, naming the path as written', () => {
    const { ws, yaml } = withValueMaps('  issuer_code:\n    file: ./data/no-such.csv\n');
    expect(problems(ws)).toEqual([{ file: yaml, line: 24, path: 'value_maps.issuer_code.file', message: 'value map file not found: ./data/no-such.csv (paths are relative to the workspace)' }]);
  });

  it('rejects two names that read the same with different codes, at the CSV line', () => {
    const { ws } = withValueMaps('  issuer_code:\n    file: ./data/issuers-utf8.csv\n');
    const csv = path.join(ws, 'data', 'issuers-utf8.csv');
    writeFileSync(csv, `名称,代码\n湖州市住房和城乡建设局,${HUZHOU}\n长兴县住房和城乡建设局,${CHANGXING}\n湖州市 住房和城乡建设局,${CHANGXING}\n`);
    expect(problems(ws)).toEqual([
      { file: csv, line: 4, path: 'value_maps.issuer_code', message: `"湖州市 住房和城乡建设局" maps to ${CHANGXING}, but "湖州市住房和城乡建设局" (line 2) reads the same and maps to ${HUZHOU}` },
    ]);
  });

  it('rejects an inline duplicate at its YAML line', () => {
    const { ws, yaml } = withValueMaps(`  issuer_code:\n    湖州市住房和城乡建设局: "${HUZHOU}"\n    "湖州市住房和城乡建设局 ": "${CHANGXING}"\n`);
    expect(problems(ws)).toEqual([{ file: yaml, line: 25, path: 'value_maps.issuer_code.湖州市住房和城乡建设局 ', message: expect.stringContaining('reads the same') }]);
  });

  it('tells a GBK table read as UTF-8 to set its encoding', () => {
    const { ws } = withValueMaps('  issuer_code:\n    file: ./data/issuers.csv\n');
    expect(problems(ws)).toEqual([expect.objectContaining({ path: 'value_maps.issuer_code', message: expect.stringContaining('set encoding: gb18030') })]);
  });
});

describe('a mapped column the source does not have', () => {
  /** The workers pipeline mapping 发证日期, while the export's header says 发证日期（yyyy-mm-dd）. */
  function misnamed(): { ws: string; pipeline: PipelineDefinition } {
    const ws = copyWorkspace('name-only-issuers');
    const yaml = path.join(ws, 'pipelines', 'workers.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('issued_on: 发证日期（yyyy-mm-dd）', 'issued_on: 发证日期'));
    return { ws, pipeline: pipelineOf(ws, 'workers') };
  }

  it('check-source suggests the closest header', async () => {
    const { ws, pipeline } = misnamed();
    const checked = await checkSource(pipeline, { workspace: ws, batchSize: 100, certificateTypes: TYPES });
    expect(checked.ok).toBe(false);
    expect(checked.missing_columns).toEqual([{ field: 'issued_on', column: '发证日期', suggestion: '发证日期（yyyy-mm-dd）' }]);
    expect(checked.message).toBe('the mapping names columns the source does not have: issued_on → 发证日期 (did you mean 发证日期（yyyy-mm-dd）?)');
  });

  it('quarantines each record as missing_field, naming the absent column and the suggestion', async () => {
    const { ws, pipeline } = misnamed();
    const checked = await checkSource(pipeline, { workspace: ws, batchSize: 100, certificateTypes: TYPES });
    const first = checked.sample.first_problems[0];
    expect(first).toMatchObject({ line: 3, reason: 'missing_field', path: '/issued_on' });
    expect(first?.message).toBe('发证日期 issued_on: is missing or empty; the source has no column "发证日期": did you mean "发证日期（yyyy-mm-dd）"?');
    expect(
      quarantineMessageZh('certificate', { reason: 'missing_field', path: '/issued_on', details: { reason: 'no_column', column: '发证日期', suggestion: '发证日期（yyyy-mm-dd）' } }, '发证日期'),
    ).toBe('源文件中没有「发证日期」这一列，是否应为「发证日期（yyyy-mm-dd）」？请核对表头或管道的字段映射');
  });
});
