import path from 'node:path';
import { describe, expect, it } from 'vitest';
import csv, { type CsvConfig } from '../../connectors/csv/index.ts';
import type { ConnectorContext } from '../../connectors/define-connector.ts';
import xlsx, { type XlsxConfig } from '../../connectors/xlsx/index.ts';
import { NO_SYNC_STATE } from '../../core/sync-state.ts';
import { captureLog } from '../capture-log.ts';
import { readBatches, readRecords } from './compliance.ts';
import { tempWorkspace } from './temp-workspace.ts';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'department-layouts');
const ws = tempWorkspace();

/** A context as a pipeline gives it: the mapped columns and the key column, and a logger that keeps its warnings. */
function context(workspace: string, columns?: ConnectorContext['columns'], batchSize = 100) {
  const { logger, events } = captureLog('warn');
  const ctx: ConnectorContext = { logger, batchSize, workspace, ...(columns ? { columns } : {}) };
  return { ctx, ignored: () => events().filter((e) => e.event === 'rows_ignored') };
}

const LEASE_COLUMNS = { mapped: ['备案证明编号', '承租人', '身份证号', '备案日期', '有效期至', '状态', '发证机关'], key: ['备案证明编号'] };
const leases = (extra: Partial<XlsxConfig> = {}): XlsxConfig => ({ connector: 'xlsx', path: './data/leases.xlsx', sheet: '备案证明', skip_rows: 1, ...extra });

describe('a housing bureau workbook: merged title, mixed dates, footer', () => {
  it('reads the six records under the title, dates as the cells hold them, and leaves the footer out with a warning', async () => {
    const { ctx, ignored } = context(FIXTURES, LEASE_COLUMNS);
    const records = await readRecords(xlsx, leases(), ctx);
    expect(records.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(records.map((r) => [r.data?.['备案日期'], r.data?.['有效期至']])).toEqual([
      ['2023-05-06', '2024-05-05'],
      [45053, 45418],
      ['2023年5月8日', '2024年5月7日'],
      ['2023-05-09', '长期'],
      ['2023-05-10', '2024-05-09'],
      [45057, 45422],
    ]);
    expect(ignored()).toEqual([
      expect.objectContaining({ rule: 'footer', lines: [10], ignored: 1, msg: expect.stringContaining('1 row after the last data row (row 10, from "制表人：张三 审核人：李四 共 6 条")') }),
    ]);
  });

  it('without skip_rows, names the row that holds the mapped columns and suggests skip_rows: 1', async () => {
    const { ctx } = context(FIXTURES, LEASE_COLUMNS);
    const { skip_rows: _, ...noSkip } = leases();
    await expect(readBatches(xlsx, noSkip, NO_SYNC_STATE, ctx)).rejects.toMatchObject({
      code: 'HUB_ERR_SOURCE_UNREADABLE',
      message: expect.stringContaining('the header is not on row 1, which has none of the mapped columns; row 2 has 备案证明编号, 承租人'),
    });
    expect(await xlsx.check?.(noSkip, ctx)).toMatchObject({ ok: false, message: expect.stringContaining('set skip_rows: 1 (or header_row: 2)') });
  });

  it('without a mapping to go by, takes a single merged cell over a full row for a title', async () => {
    const { ctx } = context(FIXTURES);
    const { skip_rows: _, ...noSkip } = leases();
    expect(await xlsx.check?.(noSkip, ctx)).toMatchObject({
      ok: false,
      message: expect.stringContaining('row 1 looks like a title ("湖州市住房和城乡建设局 房屋租赁备案证明 导出"), not a header; row 2 has 8 columns: set skip_rows: 1'),
    });
  });
});

describe('an HR bureau GBK register: title line, a row without its number, footer lines', () => {
  const config: CsvConfig = { connector: 'csv', path: './data/hr-titles.csv', encoding: 'gbk', skip_rows: 1, stop_at: '^(合计|制表人)' };
  const columns = { mapped: ['证书编号', '姓名', '身份证号', '取得日期', '状态'], key: ['证书编号'] };

  it('keeps the row without 证书编号 as a record, and stops at 合计 counting what follows', async () => {
    const { ctx, ignored } = context(FIXTURES, columns);
    const records = await readRecords(csv, config, ctx);
    expect(records.map((r) => r.line)).toEqual([3, 4, 5, 6, 7]);
    expect(records[2]?.data).toMatchObject({ 证书编号: '', 姓名: '郑海涛' });
    expect(ignored()).toEqual([
      expect.objectContaining({ rule: 'footer', lines: [8], ignored: 1 }),
      expect.objectContaining({
        rule: 'stop',
        line: 9,
        ignored: 2,
        keyed_lines: [],
        msg: expect.stringContaining('stopped at line 9 (合计：5 条) because its first cell matches stop_at "^(合计|制表人)"; 2 lines from there to the end ignored'),
      }),
    ]);
  });

  it('without stop_at, leaves out the same trailing lines as a footer by default', async () => {
    const { ctx, ignored } = context(FIXTURES, columns);
    const { stop_at: _, ...noStop } = config;
    expect((await readRecords(csv, noStop, ctx)).map((r) => r.line)).toEqual([3, 4, 5, 6, 7]);
    expect(ignored()).toEqual([expect.objectContaining({ rule: 'footer', lines: [8, 9, 10], ignored: 3 })]);
  });

  it('with stop_at_empty_key, stops at the first row without its number and names the data rows after it', async () => {
    const { ctx, ignored } = context(FIXTURES, columns);
    const { stop_at: _, ...noStop } = config;
    const records = await readRecords(csv, { ...noStop, stop_at_empty_key: true }, ctx);
    expect(records.map((r) => r.line)).toEqual([3, 4]);
    expect(ignored()).toEqual([
      expect.objectContaining({
        rule: 'stop',
        line: 5,
        ignored: 6,
        keyed_lines: [6, 7],
        msg: expect.stringContaining('its 证书编号 is empty (stop_at_empty_key); 6 lines from there to the end ignored; 2 of them have a key (line 6, 7)'),
      }),
    ]);
  });

  it('with detect_footer: false and no stop rule, every line is a record', async () => {
    const { ctx, ignored } = context(FIXTURES, columns);
    const { stop_at: _, ...noStop } = config;
    expect((await readRecords(csv, { ...noStop, detect_footer: false }, ctx)).map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ignored()).toEqual([]);
  });
});

describe('a UTF-8 CSV with a BOM and a count line under it', () => {
  it('strips the BOM and leaves out 共3条, which sits in the key column', async () => {
    const { ctx, ignored } = context(FIXTURES, { mapped: ['证照编号', '企业名称'], key: ['证照编号'] });
    const records = await readRecords(csv, { connector: 'csv', path: './data/licences-bom.csv' }, ctx);
    expect(records.map((r) => r.data?.['证照编号'])).toEqual(['YYZZ2023000001', 'YYZZ2023000002', 'YYZZ2023000003']);
    expect(ignored()).toEqual([expect.objectContaining({ rule: 'footer', lines: [5] })]);
  });
});

describe('footer_rows and the limits of footer detection', () => {
  const header = '证书编号,姓名';
  const data = (n: number) => Array.from({ length: n }, (_, i) => `ZG${i},姓名${i}`);
  const key = { mapped: ['证书编号', '姓名'], key: ['证书编号'] };

  it('footer_rows leaves out the last rows, batch by batch, and says when they look like data', async () => {
    const file = await ws.write('footer-rows.csv', [header, ...data(250), '注：本表仅供内部使用', 'ZG-late,迟到'].join('\n'));
    const { ctx, ignored } = context(ws.dir(), key, 100);
    const batches = await readBatches(csv, { connector: 'csv', path: file, footer_rows: 2, detect_footer: false }, NO_SYNC_STATE, ctx);
    expect(batches.map((b) => b.records.length)).toEqual([100, 100, 50]);
    expect(ignored()).toEqual([
      expect.objectContaining({ rule: 'footer_rows', lines: [252, 253], keyed_lines: [252, 253], msg: expect.stringContaining('check footer_rows') }),
    ]);
  });

  it('a last row without its key but with the rest of a record is data, quarantined later, not a footer', async () => {
    const file = await ws.write('unnumbered-last.csv', [`${header},身份证号`, 'ZG1,甲,330502198604180114', ',乙,330502197903020220', ',,', '备注：以上为全部数据'].join('\n'));
    const { ctx, ignored } = context(ws.dir(), key);
    expect((await readRecords(csv, { connector: 'csv', path: file }, ctx)).map((r) => r.line)).toEqual([2, 3]);
    expect(ignored()).toEqual([expect.objectContaining({ rule: 'footer', lines: [4, 5] })]);
  });

  it('a long run of rows without a key at the end is data missing its key, not a footer', async () => {
    const file = await ws.write('keyless-tail.csv', [`${header},备注`, ...data(3).map((r) => `${r},`), ...Array.from({ length: 60 }, (_, i) => `,无编号${i},`)].join('\n'));
    const { ctx, ignored } = context(ws.dir(), key);
    expect(await readRecords(csv, { connector: 'csv', path: file }, ctx)).toHaveLength(63);
    expect(ignored()).toEqual([]);
  });

  it('refuses header_row and skip_rows that disagree, and a stop_at that is not a regular expression', async () => {
    const file = await ws.write('plain.csv', [header, ...data(2)].join('\n'));
    const { ctx } = context(ws.dir(), key);
    await expect(readBatches(csv, { connector: 'csv', path: file, header_row: 2, skip_rows: 2 }, NO_SYNC_STATE, ctx)).rejects.toMatchObject({
      code: 'HUB_ERR_CONFIG_INVALID',
      message: expect.stringContaining('header_row 2 and skip_rows 2 disagree'),
    });
    await expect(readBatches(csv, { connector: 'csv', path: file, stop_at: '(合计' }, NO_SYNC_STATE, ctx)).rejects.toMatchObject({
      code: 'HUB_ERR_CONFIG_INVALID',
      message: expect.stringContaining('is not a regular expression'),
    });
    expect(await readRecords(csv, { connector: 'csv', path: file, header_row: 1, skip_rows: 0 }, ctx)).toHaveLength(2);
  });
});
