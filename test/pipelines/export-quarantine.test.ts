import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import type { Row } from 'exceljs';
import ExcelJS from '../../core/exceljs.ts';
import { exportQuarantine } from '../../pipelines/export-quarantine.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { forEachTarget } from '../setup.ts';
import { tempDir } from '../temp-dir.ts';
import { copyWorkspace } from './workspace-copy.ts';

const dir = tempDir('quarantine-export');

/** Cell text a spreadsheet would run as a formula, and what the export must write instead. */
const ATTACKS: [string, string][] = [
  ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
  ['+1+1', "'+1+1"],
  ['-2+3', "'-2+3"],
  ['@SUM(1)', "'@SUM(1)"],
  ['\t=1+1', "'\t=1+1"],
  ['\r=1+1', "'\r=1+1"],
  ['普通公司\n第二行', '普通公司\n第二行'],
];

function workspace(): string {
  const ws = mkdtempSync(path.join(dir, 'ws-'));
  mkdirSync(path.join(ws, 'pipelines'));
  mkdirSync(path.join(ws, 'data'));
  writeFileSync(
    path.join(ws, 'pipelines', 'licences.yaml'),
    'name: licences\nentity: certificate\nsource:\n  connector: jsonl\n  path: ./data/licences.jsonl\non_invalid: quarantine\nmax_invalid: 100%\n',
  );
  // No issued_on: every record is quarantined (missing_field) with its payload as received.
  const records = ATTACKS.map(([name], i) => ({ cert_type_code: 'scjg-yyzz', cert_number: `Q${i}`, issuer_code: '11310104P3MPWH2J5W', holder_name: name, holder_id: name, status: 'valid' }));
  writeFileSync(path.join(ws, 'data', 'licences.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
  return ws;
}

const TYPES = [{ code: 'zj-tzzy', name: '建筑施工特种作业操作资格证书', holder_kind: 'person' as const }];

async function xlsxRows(file: string): Promise<Row[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const rows: Row[] = [];
  book.worksheets[0]!.eachRow((row) => rows.push(row));
  return rows;
}

forEachTarget('quarantine export', (getCatalog) => {
  it('writes CSV and XLSX in which no cell can run as a formula', async () => {
    const db = getCatalog().db;
    const ws = workspace();
    const [pipeline] = loadDefinitions(path.join(ws, 'pipelines')).pipelines;
    if (pipeline === undefined) throw new Error('pipeline did not load');
    const run = await runPipeline(pipeline, { db, workspace: ws, batchSize: 100, certificateTypes: [] });
    expect(run.quarantined).toBe(ATTACKS.length);

    const out = path.join(ws, 'back.csv');
    expect(await exportQuarantine(db, { format: 'csv', out, pipeline: 'licences', unmasked: true })).toEqual([{ pipeline: 'licences', file: out, records: ATTACKS.length }]);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    const nameAt = header!.indexOf('holder_name');
    const idAt = header!.indexOf('holder_id');
    expect(rows.map((r) => r[nameAt])).toEqual(ATTACKS.map(([, safe]) => safe));
    expect(rows.map((r) => r[idAt])).toEqual(ATTACKS.map(([, safe]) => safe));
    expect(rows.map((r) => r[header!.indexOf('问题类别')])).toEqual(ATTACKS.map(() => '必填项为空'));
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const book = path.join(ws, 'back.xlsx');
    await exportQuarantine(db, { format: 'xlsx', out: book, pipeline: 'licences', unmasked: true });
    const [head, ...cells] = await xlsxRows(book);
    const nameCol = (head!.values as unknown[]).indexOf('holder_name');
    // XML reads a lone CR back as LF: the cell is still text behind its apostrophe.
    expect(cells.map((r) => r.getCell(nameCol).value)).toEqual(ATTACKS.map(([, safe]) => safe.replace('\r', '\n')));
    for (const row of cells) row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
  });

  it("gives each department its own columns in its header order, line numbers, Chinese messages and masked ids, one file per pipeline", async () => {
    const db = getCatalog().db;
    const ws = copyWorkspace('housing-workers');
    const definitions = loadDefinitions(path.join(ws, 'pipelines')).pipelines;
    await runPipeline(definitions[0]!, { db, workspace: ws, batchSize: 100, certificateTypes: TYPES });

    const folder = path.join(ws, 'back');
    const files = await exportQuarantine(db, { format: 'csv', out: folder, definitions });
    // The first test's pipeline has open records too: one file each.
    expect(files.map((f) => path.basename(f.file)).sort()).toEqual(['licences.csv', 'workers.csv']);
    const [header, ...rows] = parse(readFileSync(path.join(folder, 'workers.csv'), 'utf8'), { bom: true }) as string[][];
    expect(header).toEqual(['行号', '证书编号', '姓名', '身份证号', '作业类别', '发证日期', '有效期至', '证书状态', '更新时间', '问题类别', '问题字段', '问题说明', '隔离编号']);
    expect(rows.map((r) => [r[0], r[1], r[3], r[9], r[10], r[11]])).toEqual([
      ['9', '浙A042023000104', '330502*******1014', '证件号码有误', '身份证号', expect.stringMatching(/^「身份证号」（持证主体代码）位数不对/)],
      ['10', '浙A042023000105', '330502********0154', '必填项为空', '发证日期', '「发证日期」为空，请填写'],
    ]);
    expect(rows[1]![2]).toBe('\'=HYPERLINK("http://example.invalid","孙伟")');
    for (const row of rows) for (const cell of row.slice(9, 12)) expect(cell).not.toMatch(/[A-Za-z]{3,}/);
    expect(readFileSync(path.join(folder, 'workers.csv'), 'utf8')).not.toContain('330502199009040154');

    await expect(exportQuarantine(db, { format: 'xlsx', out: path.join(ws, 'all.xlsx'), definitions })).rejects.toThrow(/2 pipelines have open records/);
    const book = path.join(ws, 'workers.xlsx');
    await exportQuarantine(db, { format: 'xlsx', out: book, pipeline: 'workers', definitions, unmasked: true });
    const [head, ...cells] = await xlsxRows(book);
    expect((head!.values as unknown[]).slice(1, 5)).toEqual(['行号', '证书编号', '姓名', '身份证号']);
    expect(cells.map((r) => r.getCell(4).value)).toEqual(['33050219890731014', '330502199009040154']);

    const jsonl = path.join(ws, 'workers.jsonl');
    await exportQuarantine(db, { format: 'jsonl', out: jsonl, pipeline: 'workers', definitions });
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; record: Record<string, string>; message_zh: string });
    expect(Object.keys(lines[0]!.record)).toEqual(['证书编号', '姓名', '身份证号', '作业类别', '发证日期', '有效期至', '证书状态', '更新时间']);
    expect(lines.map((l) => [l.line, l.record.身份证号])).toEqual([
      [9, '330502*******1014'],
      [10, '330502********0154'],
    ]);
  });
});
