import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dirtyData } from '../../bench/reliability/dirty-data.ts';
import { HOSTILE_KINDS } from '../../bench/reliability/hostile-records.ts';
import { listQuarantine } from '../../catalog/quarantine-repository.ts';
import ExcelJS from '../../core/exceljs.ts';
import { type RunResult, runPipeline } from '../../pipelines/run-pipeline.ts';
import { today, TYPES, uscc } from '../pipelines/licence-workspace.ts';
import { expectEveryRunAddsUp } from '../pipelines/run-ledger.ts';
import { FIXTURES } from '../pipelines/workspace-copy.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { tempDir } from '../temp-dir.ts';
import { MAPPED, type SourceSpec, sourceWorkspace } from './source-workspace.ts';

/**
 * Hostile department files. Every record ends loaded (normalised) or quarantined for a specific
 * reason; a file the hub cannot read at all fails its run with an error naming the file and what
 * to check; nothing crashes and the run ledger adds up after every run.
 */

const root = tempDir('dirty-data');
const HOSTILE = path.join(FIXTURES, 'hostile');

/** Three licences: the second one's name holds `bad`, the third one has an unmapped column holding `bad`. */
function controlRecords(bad: string): Record<string, string>[] {
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

async function writeControlSource(connector: SourceSpec['connector'], file: string, bad: string): Promise<void> {
  const rows = controlRecords(bad);
  if (connector === 'csv') writeFileSync(file, `${[COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => r[c]).join(','))].join('\n')}\n`);
  else if (connector === 'jsonl') writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
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

const CONTROL_CASES = [
  { connector: 'csv', char: '\u0000', code: 'U+0000' },
  { connector: 'jsonl', char: '\u0000', code: 'U+0000' },
  { connector: 'xlsx', char: '\u0000', code: 'U+0000' },
  { connector: 'csv', char: '\u001b', code: 'U+001B' },
  { connector: 'jsonl', char: '\u0008', code: 'U+0008' },
  { connector: 'csv', char: '\u0085', code: 'U+0085' },
] as const;

/** A workbook as departments send them: merged title, dates, formulas, a merged status cell over two rows. */
async function licenceWorkbook(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('证照');
  sheet.addRow(['2024年营业执照清单']);
  sheet.mergeCells('A1:G1');
  sheet.addRow([...MAPPED, '经营范围']);
  const issued = new Date(Date.UTC(2020, 0, 2));
  sheet.addRow(['X1', '甲公司', uscc(1), issued, '长期', '有效', { formula: 'A3&"-范围"', result: 'X1-范围' }]);
  sheet.addRow(['X2', '乙公司', uscc(2), { formula: 'D3+1', result: 43833 }, '长期', '有效', '=cmd|x']);
  sheet.addRow(['X3', '丙公司', uscc(3), issued, '长期', null, '批发']);
  sheet.mergeCells('F4:F5');
  sheet.getCell('D4').numFmt = 'yyyy-mm-dd';
  await workbook.xlsx.writeFile(file);
}

forEachTarget('dirty data', (getCatalog) => {
  const db = () => getCatalog().db;
  const sync = async (spec: SourceSpec, write: (file: string) => void | Promise<void>): Promise<RunResult> => {
    const ws = sourceWorkspace(root, spec);
    await write(ws.dataFile);
    const r = await runPipeline(ws.pipeline(), { db: db(), workspace: ws.dir, batchSize: 100, certificateTypes: TYPES, today });
    await expectEveryRunAddsUp(db());
    return r;
  };
  const fixture = (name: string) => (file: string) => copyFileSync(path.join(HOSTILE, name), file);
  const certificates = () => db().selectFrom('certificates').select(['cert_number', 'holder_name', 'issued_on', 'surface']).orderBy('cert_number').execute();

  beforeEach(async () => {
    await resetCatalog(db());
  });

  describe('control characters: parse_error naming file, line and field, never a failed batch', () => {
    for (const c of CONTROL_CASES) {
      it(`${c.connector}: ${c.code} in a mapped and in an unmapped field`, async () => {
        const file = `licences.${c.connector}`;
        const r = await sync({ connector: c.connector, file }, (f) => writeControlSource(c.connector, f, c.char));
        expect(r.error).toBeUndefined();
        expect(r).toMatchObject({ status: 'succeeded', read: 3, inserted: 1, quarantined: 2 });
        const rows = await listQuarantine(db(), { pipeline: 'licences' });
        // CSV and XLSX have a header line; JSON lines start with the first record.
        const first = c.connector === 'jsonl' ? 2 : 3;
        expect(rows.map((q) => [q.line, q.reason, q.path])).toEqual([
          [first, 'parse_error', '/企业名称'],
          [first + 1, 'parse_error', '/备注'],
        ]);
        const unit = c.connector === 'xlsx' ? 'row' : 'line';
        expect(rows[0]!.message).toBe(`./data/${file} ${unit} ${first}: field 企业名称 holds control character ${c.code} at character 2`);
        expect(rows[0]!.details).toEqual({ field: '企业名称', character: c.code, at: 2 });
        // The payload is kept for sending back; a NUL, which Postgres cannot store, is shown as ␀.
        expect((rows[0]!.raw as Record<string, string>)['企业名称']).toBe(c.char === '\u0000' ? '乙\u2400公司' : `乙${c.char}公司`);
      });
    }
  });

  describe('files that cannot be read as declared fail the run naming the file and what to check', () => {
    const unreadable: [string, SourceSpec['source'], RegExp][] = [
      ['gbk-declared-utf8.csv', '', /^\.\/data\/x\.csv: the header \(line 1\) has undecodable bytes for encoding utf-8; check the source's encoding$/],
      ['utf8-declared-gbk.csv', 'encoding: gbk', /^\.\/data\/x\.csv: the header \(line 1\) has undecodable bytes for encoding gbk; check the source's encoding$/],
      ['unterminated-quote.csv', '', /^\.\/data\/x\.csv: cannot parse CSV after line 2: Quote Not Closed/],
    ];
    for (const [name, source, message] of unreadable) {
      it(name, async () => {
        const r = await sync({ connector: 'csv', file: 'x.csv', source }, fixture(name));
        expect(r).toMatchObject({ status: 'failed', read: 0, error: { code: 'HUB_ERR_SOURCE_UNREADABLE' } });
        expect(r.error!.message).toMatch(message);
        expect(await certificates()).toEqual([]);
      });
    }

    it('a truncated workbook, and random bytes named .xlsx', async () => {
      const good = path.join(root, 'good.xlsx');
      await licenceWorkbook(good);
      const bytes = readFileSync(good);
      for (const broken of [bytes.subarray(0, bytes.length >> 1), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256))]) {
        const r = await sync({ connector: 'xlsx', file: 'x.xlsx', source: 'header_row: 2' }, (f) => writeFileSync(f, broken));
        expect(r).toMatchObject({ status: 'failed', error: { code: 'HUB_ERR_SOURCE_UNREADABLE' } });
        expect(r.error!.message).toMatch(/^\.\/data\/x\.xlsx: cannot read as an xlsx workbook: /);
      }
    });
  });

  describe('files that are odd but readable', () => {
    it('a UTF-8 file with one GBK line: that line is parse_error, the others load', async () => {
      const r = await sync({ connector: 'csv', file: 'x.csv' }, fixture('mixed-gbk-utf8.csv'));
      expect(r).toMatchObject({ status: 'succeeded', read: 3, inserted: 2, quarantined: 1 });
      expect((await listQuarantine(db(), {})).map((q) => [q.line, q.reason, q.message])).toEqual([[3, 'parse_error', 'undecodable bytes for encoding utf-8']]);
    });

    it('a Windows export with a BOM, CRLF and a quoted line break', async () => {
      const r = await sync({ connector: 'csv', file: 'x.csv' }, fixture('bom-crlf.csv'));
      expect(r).toMatchObject({ status: 'succeeded', read: 2, inserted: 2 });
      expect(await certificates()).toEqual([
        { cert_number: 'HX8', holder_name: '辛商贸有限公司', issued_on: '2020-01-02', surface: { 经营范围: '批发零售' } },
        { cert_number: 'HX9', holder_name: '壬商贸有限公司', issued_on: '2020-01-02', surface: { 经营范围: '批发\r\n零售' } },
      ]);
    });

    it('an empty file and a header-only file read nothing and change nothing', async () => {
      for (const name of ['empty.csv', 'header-only.csv']) {
        const r = await sync({ connector: 'csv', file: 'x.csv' }, fixture(name));
        expect(r, name).toMatchObject({ status: 'succeeded', read: 0, inserted: 0, quarantined: 0 });
      }
    });

    it('a workbook with a merged title, formulas and a status merged over two rows', async () => {
      const r = await sync({ connector: 'xlsx', file: 'x.xlsx', source: 'header_row: 2' }, licenceWorkbook);
      expect(r).toMatchObject({ status: 'succeeded', read: 3, inserted: 2, quarantined: 1 });
      expect(await certificates()).toEqual([
        { cert_number: 'X1', holder_name: '甲公司', issued_on: '2020-01-02', surface: { 经营范围: 'X1-范围' } },
        { cert_number: 'X2', holder_name: '乙公司', issued_on: '2020-01-03', surface: { 经营范围: '=cmd|x' } },
      ]);
      // A merged cell holds its value in its first cell only: the row below has no status, and says so.
      expect((await listQuarantine(db(), {})).map((q) => [q.line, q.reason, q.path])).toEqual([[5, 'missing_field', '/status']]);
    });
  });

  it('a file of hostile lines: each loads normalised or is quarantined for its reason, nothing lost, no CSV cell runs as a formula', { timeout: 60_000 }, async () => {
    const f = await dirtyData({ db: db(), dir: path.join(root, 'hostile-lines'), records: HOSTILE_KINDS.length + 8, batchSize: 16 });
    expect(f.crashes).toEqual([]);
    expect(f.mismatches).toEqual([]);
    expect(f.lost).toBe(0);
    expect(f.run).toMatchObject({ status: 'succeeded', read: f.records });
    expect(Object.keys(f.byReason).sort()).toEqual(['invalid_code', 'invalid_date', 'invalid_identifier', 'invalid_value', 'missing_field', 'parse_error']);
    expect(f.unsafeCells).toEqual([]);
    expect(f.formulaCellsNeutralised).toBeGreaterThan(0);
    expect(f.csvFiles).toBeGreaterThanOrEqual(3);
    await expectEveryRunAddsUp(db());
  });
});
