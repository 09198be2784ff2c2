import path from 'node:path';
import ExcelJS from '../../../core/exceljs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import xlsx, { type XlsxConfig } from '../../../connectors/xlsx/index.ts';
import { NO_SYNC_STATE } from '../../../core/sync-state.ts';
import { checkCompliance, readBatches, readRecords, testContext } from '../compliance.ts';
import { tempWorkspace } from '../temp-workspace.ts';
import { rezip, writeZip } from './rezip.ts';

const ws = tempWorkspace();
const ctx = () => testContext(ws.dir());
const HEADER = ['证书编号', '姓名', '发证日期', '更新时间', '序号', '备注', '链接', '有效期至', '核对'];
const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

/**
 * A workbook the way departments send them: a notes sheet first, then the data sheet with a
 * merged title on row 1, the header on row 2, date cells, a bare serial, rich text, a link,
 * formulas, a blank row and a stray cell past the header.
 */
async function writeWorkbook(file: string, dataRows: number): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('说明');
  notes.addRow(['填表说明']);
  notes.addRow(['日期按 yyyy-mm-dd 填写']);

  const sheet = workbook.addWorksheet('证照');
  sheet.addRow(['2024年职业资格证书清单']);
  sheet.mergeCells('A1:I1');
  sheet.addRow(HEADER);
  for (let i = 0; i < dataRows; i++) {
    const row = sheet.addRow([
      `ZG${String(i).padStart(4, '0')}`,
      { richText: [{ text: '侯', font: { bold: true } }, { text: '平永' }] },
      utc(2024, 1, 2 + i),
      utc(2024, 3, 1, 8, 30),
      45293 + i,
      i === 0 ? '首行' : null,
      { text: '证书详情', hyperlink: 'https://example.gov.cn/zg' },
      { formula: 'C3+365', result: 45293 + 365 + i },
      { formula: 'A3&"-ok"', result: `ZG${String(i).padStart(4, '0')}-ok` },
    ]);
    row.getCell(3).numFmt = 'yyyy-mm-dd';
    row.getCell(4).numFmt = 'yyyy-mm-dd hh:mm';
    row.getCell(8).numFmt = 'yyyy"年"m"月"d"日"';
    if (i === 3) sheet.addRow([]);
  }
  sheet.getCell(`K${sheet.rowCount}`).value = '表外备注';
  await workbook.xlsx.writeFile(file);
}

describe('xlsx connector', () => {
  let workbookPath = '';
  beforeAll(async () => {
    workbookPath = './licences.xlsx';
    await writeWorkbook(path.join(ws.dir(), workbookPath), 25);
  });
  const config = (extra: Partial<XlsxConfig> = {}): XlsxConfig => ({ connector: 'xlsx', path: workbookPath, sheet: '证照', header_row: 2, ...extra });

  it('meets the connector contract', async () => {
    await checkCompliance({
      connector: xlsx,
      config: config(),
      missingFileConfig: config({ path: './missing.xlsx' }),
      workspace: ws.dir(),
      rows: 25,
      batchSize: 4,
    });
  });

  it('skips the title, keys rows by the header on row 2 and converts cell values', async () => {
    const records = await readRecords(xlsx, config(), ctx());
    expect(records[0]).toEqual({
      line: 3,
      data: {
        证书编号: 'ZG0000',
        姓名: '侯平永',
        发证日期: '2024-01-02',
        更新时间: '2024-03-01T08:30:00',
        序号: 45293,
        备注: '首行',
        链接: '证书详情',
        有效期至: '2025-01-01',
        核对: 'ZG0000-ok',
      },
    });
    expect(records[1]?.data?.['备注']).toBeNull();
  });

  it('skips blank rows but keeps row numbers, and keys cells past the header by column', async () => {
    const records = await readRecords(xlsx, config(), ctx());
    expect(records.map((r) => r.line).slice(0, 6)).toEqual([3, 4, 5, 6, 8, 9]);
    expect(records.at(-1)).toMatchObject({ line: 28, data: { 证书编号: 'ZG0024', column_11: '表外备注' } });
  });

  it('picks the sheet by position in tab order, the first by default', async () => {
    const byName = await readRecords(xlsx, config(), ctx());
    expect(await readRecords(xlsx, config({ sheet: 2 }), ctx())).toEqual(byName);
    expect(await readRecords(xlsx, { connector: 'xlsx', path: workbookPath }, ctx())).toEqual([
      { line: 2, data: { 填表说明: '日期按 yyyy-mm-dd 填写' } },
    ]);
  });

  it('names the sheets there are when the sheet is not found', async () => {
    await expect(readBatches(xlsx, config({ sheet: '证书' }), NO_SYNC_STATE, ctx())).rejects.toMatchObject({
      code: 'HUB_ERR_CONFIG_INVALID',
      message: expect.stringContaining('the workbook has 说明, 证照'),
    });
    const checked = await xlsx.check?.(config({ sheet: 3 }), ctx());
    expect(checked).toMatchObject({ ok: false, message: expect.stringContaining('no sheet 3') });
  });

  it('reads nothing past the last row, and reports an empty header row', async () => {
    await expect(readBatches(xlsx, config({ header_row: 100 }), NO_SYNC_STATE, ctx())).resolves.toEqual([]);
    const file = './gap.xlsx';
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('证照');
    sheet.getCell('A1').value = '标题';
    sheet.getCell('A3').value = '证书编号';
    sheet.getCell('A4').value = 'ZG1';
    await workbook.xlsx.writeFile(path.join(ws.dir(), file));
    await expect(readBatches(xlsx, { connector: 'xlsx', path: file, header_row: 2 }, NO_SYNC_STATE, ctx())).rejects.toMatchObject({
      code: 'HUB_ERR_SOURCE_UNREADABLE',
      message: expect.stringContaining('header row 2 is empty'),
    });
    expect(await readRecords(xlsx, { connector: 'xlsx', path: file, header_row: 3 }, ctx())).toEqual([{ line: 4, data: { 证书编号: 'ZG1' } }]);
  });

  it('reports a file that is not a workbook', async () => {
    const file = await ws.write('not-a-workbook.xlsx', 'a,b\n1,2\n');
    await expect(readBatches(xlsx, { connector: 'xlsx', path: file }, NO_SYNC_STATE, ctx())).rejects.toMatchObject({ code: 'HUB_ERR_SOURCE_UNREADABLE' });
  });
});

describe('xlsx connector on large Chinese workbooks', () => {
  it('never splits a multi-byte character across zip chunks', async () => {
    const file = './chinese.xlsx';
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(ws.dir(), file), useSharedStrings: false });
    const sheet = workbook.addWorksheet('证照');
    sheet.addRow(['编号', '名称', '住所']).commit();
    const names = ['庐陵石业有限公司', '鸡西医药有限公司', '双鸭山建材有限公司（分公司）', '赣江旅游开发有限公司'];
    const rows = 6000;
    for (let i = 0; i < rows; i++) {
      sheet.addRow([`N${i}`, `${names[i % names.length]}${'吉'.repeat(i % 7)}`, `江西省吉安市峡江县${i}号`]).commit();
    }
    sheet.commit();
    await workbook.commit();
    const records = await readRecords(xlsx, { connector: 'xlsx', path: file, sheet: '证照', header_row: 1 }, ctx());
    expect(records).toHaveLength(rows);
    const garbled = records.filter((r) => JSON.stringify(r.data).includes('\uFFFD'));
    expect(garbled).toEqual([]);
    expect(records[rows - 1]?.data).toEqual({ 编号: `N${rows - 1}`, 名称: `${names[(rows - 1) % names.length]}${'吉'.repeat((rows - 1) % 7)}`, 住所: `江西省吉安市峡江县${rows - 1}号` });
  });
});

describe('xlsx connector on workbooks whose zip entries come in another order', () => {
  const original = './ordered.xlsx';
  beforeAll(async () => {
    await writeWorkbook(path.join(ws.dir(), original), 40);
  });
  /** Moves the entries each pattern matches to the end, in the order of the patterns. */
  const last =
    (...parts: RegExp[]) =>
    (names: string[]) => [...names.filter((n) => !parts.some((p) => p.test(n))), ...parts.flatMap((p) => names.filter((n) => p.test(n)))];
  const SHEETS = /^xl\/worksheets\/sheet\d+\.xml$/;
  it.each([
    ['the workbook part after the worksheets', last(SHEETS, /^xl\/workbook\.xml$/)],
    ['the styles after the worksheets', last(SHEETS, /^xl\/styles\.xml$/)],
    ['the worksheets last', last(SHEETS)],
    ['the shared strings after the worksheets', last(SHEETS, /sharedStrings/)],
    ['every entry reversed', (names: string[]) => [...names].reverse()],
  ])('reads the same rows with %s', async (label, order) => {
    const file = `./reordered-${label.replace(/\W+/g, '-')}.xlsx`;
    const names = await rezip(path.join(ws.dir(), original), path.join(ws.dir(), file), order);
    expect(names.length).toBeGreaterThan(5);
    const expected = await readRecords(xlsx, { connector: 'xlsx', path: original, sheet: '证照', header_row: 2 }, ctx());
    expect(expected).toHaveLength(40);
    expect(await readRecords(xlsx, { connector: 'xlsx', path: file, sheet: '证照', header_row: 2 }, ctx())).toEqual(expected);
  });
});

describe('xlsx connector on a workbook written by another library', () => {
  it('reads prefixed elements, inline and rich strings, booleans, built-in 年月日 formats, 1904 dates and parts in other folders', async () => {
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const rel = (id: string, type: string, target: string) =>
      `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
    const part = (name: string, xml: string) => ({ name, data: Buffer.from(xml) });
    const file = path.join(ws.dir(), 'other-library.xlsx');
    await writeZip(file, [
      part(
        'xl/data/sheet.xml',
        `<x:worksheet ${ns}><x:sheetData>` +
          `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>证书编号</x:t></x:is></x:c><x:c r="B1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>有效</x:t></x:is></x:c></x:row>` +
          `<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:r><x:t>ZG</x:t></x:r><x:r><x:t xml:space="preserve">01 </x:t></x:r></x:is></x:c><x:c r="B2" t="s"><x:v>2</x:v></x:c><x:c r="C2" s="1"><x:v>43590</x:v></x:c><x:c r="D2" t="b"><x:v>1</x:v></x:c></x:row>` +
          `</x:sheetData></x:worksheet>`,
      ),
      part(
        'xl/strings.xml',
        `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>姓名</t></si><si><t>发证日期</t></si><si><r><t>张</t></r><r><t>三</t></r><rPh><t>ちょう</t></rPh></si></sst>`,
      ),
      part('xl/format.xml', `<x:styleSheet ${ns}><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="31" applyNumberFormat="1"/></x:cellXfs></x:styleSheet>`),
      part('xl/_rels/book.xml.rels', `<Relationships>${rel('rId1', 'worksheet', 'data/sheet.xml')}${rel('rId2', 'sharedStrings', '/xl/strings.xml')}${rel('rId3', 'styles', 'format.xml')}</Relationships>`),
      part('xl/book.xml', `<x:workbook ${ns}><x:workbookPr date1904="1"/><x:sheets><x:sheet name="证照" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`),
      part('_rels/.rels', `<Relationships>${rel('rId1', 'officeDocument', 'xl/book.xml')}</Relationships>`),
    ]);
    expect(await readRecords(xlsx, { connector: 'xlsx', path: './other-library.xlsx' }, ctx())).toEqual([
      { line: 2, data: { 证书编号: 'ZG01 ', 姓名: '张三', 发证日期: '2023-05-06', 有效: true } },
    ]);
  });
});
