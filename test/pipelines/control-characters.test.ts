import { writeFileSync } from 'node:fs';
import { beforeEach, expect, it } from 'vitest';
import { listQuarantine } from '../../catalog/quarantine-repository.ts';
import ExcelJS from '../../core/exceljs.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { MAPPED, sourceWorkspace } from '../reliability/source-workspace.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { tempDir } from '../temp-dir.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';
import { today, TYPES, uscc } from './licence-workspace.ts';

/**
 * A NUL byte or another control character in one record must not sink its batch (Postgres text
 * and jsonb cannot hold U+0000): the record is quarantined as parse_error naming its line and
 * field, and the clean records of the same batch load.
 */

const root = tempDir('control-chars');

/** Three licences: the second one's name holds `bad`, the third one has an unmapped column holding `bad`. */
function records(bad: string): Record<string, string>[] {
  const base = (n: number, name: string) => ({
    证照编号: `CC${n}`,
    企业名称: name,
    统一社会信用代码: uscc(900 + n),
    发证日期: '2020-01-02',
    有效期至: '长期',
    状态: '有效',
    备注: n === 3 ? `备${bad}注` : '无',
  });
  return [base(1, '甲公司'), base(2, `乙${bad}公司`), base(3, '丙公司')];
}

const COLUMNS = [...MAPPED, '备注'];

async function writeSource(connector: 'csv' | 'jsonl' | 'xlsx', file: string, bad: string): Promise<void> {
  const rows = records(bad);
  if (connector === 'csv') writeFileSync(file, [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => r[c]).join(','))].join('\n') + '\n');
  else if (connector === 'jsonl') writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  else {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('证照');
    sheet.addRow(COLUMNS);
    // Excel writes a control character in a cell as the escape _xHHHH_; exceljs would drop it raw.
    const escaped = `_x${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
    for (const r of rows) sheet.addRow(COLUMNS.map((c) => r[c]!.replace(bad, escaped)));
    await workbook.xlsx.writeFile(file);
  }
}

const CASES = [
  { connector: 'csv', char: '\u0000', code: 'U+0000' },
  { connector: 'jsonl', char: '\u0000', code: 'U+0000' },
  { connector: 'xlsx', char: '\u0000', code: 'U+0000' },
  { connector: 'csv', char: '\u001b', code: 'U+001B' },
  { connector: 'jsonl', char: '\u0008', code: 'U+0008' },
  { connector: 'csv', char: '\u0085', code: 'U+0085' },
] as const;

forEachTarget('control characters in source records', (getCatalog) => {
  const db = () => getCatalog().db;
  beforeEach(async () => {
    await resetCatalog(db());
  });

  for (const c of CASES) {
    it(`${c.connector}: ${c.code} in a mapped and in an unmapped field → parse_error naming line and field; the batch loads the rest`, async () => {
      const file = `licences.${c.connector}`;
      const ws = sourceWorkspace(root, { connector: c.connector, file });
      await writeSource(c.connector, ws.dataFile, c.char);
      const r = await runPipeline(ws.pipeline(), { db: db(), workspace: ws.dir, batchSize: 100, certificateTypes: TYPES, today });
      expect(r.error).toBeUndefined();
      expect(r).toMatchObject({ status: 'succeeded', read: 3, inserted: 1, quarantined: 2 });
      const rows = await listQuarantine(db(), { pipeline: 'hostile' });
      // CSV and XLSX have a header line; JSON lines start with the first record.
      const first = c.connector === 'jsonl' ? 2 : 3;
      expect(rows.map((q) => [q.line, q.reason, q.path])).toEqual([
        [first, 'parse_error', '/企业名称'],
        [first + 1, 'parse_error', '/备注'],
      ]);
      const unit = c.connector === 'xlsx' ? 'row' : 'line';
      expect(rows[0]!.message).toBe(`./data/${file} ${unit} ${first}: field 企业名称 holds control character ${c.code} at character 2`);
      // The payload is kept for sending back; a NUL, which Postgres cannot store, is shown as ␀.
      expect((rows[0]!.raw as Record<string, string>)['企业名称']).toBe(c.char === '\u0000' ? '乙\u2400公司' : `乙${c.char}公司`);
      expect(rows[0]!.details).toEqual({ field: '企业名称', character: c.code, at: 2 });
      await expectEveryRunAddsUp(db());
    });
  }
});
