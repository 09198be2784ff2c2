import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import csv, { type CsvConfig } from '../../../connectors/csv/index.ts';
import { NO_SYNC_STATE } from '../../../core/sync-state.ts';
import { checkCompliance, readBatches, readRecords, testContext } from '../compliance.ts';
import { tempWorkspace } from '../temp-workspace.ts';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'dirty-workspace');
const ws = tempWorkspace();
const ctx = () => testContext(ws.dir());

const HEADER = '证照编号,企业名称,统一社会信用代码,状态';
function rows(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `YYZZ${String(i).padStart(4, '0')},北辰${i}号商贸有限公司,91110105M7Q92U7U47,有效`);
}

async function fileRecords(name: string, content: string | Buffer, config: Partial<CsvConfig> = {}) {
  const path = await ws.write(name, content);
  return readRecords(csv, { connector: 'csv', path, ...config }, ctx());
}

describe('csv connector', () => {
  it('meets the connector contract (UTF-8 with BOM, a bad row, a multi-line cell)', async () => {
    const lines = rows(23);
    lines.splice(5, 0, 'YYZZ-bad,少一列有限公司,有效');
    lines.splice(12, 0, 'YYZZ-multi,"多行\n地址有限公司",91110105M7Q92U7U47,有效');
    const path = await ws.write('compliance.csv', `\uFEFF${HEADER}\n${lines.join('\n')}\n`);
    await checkCompliance({
      connector: csv,
      config: { connector: 'csv', path },
      missingFileConfig: { connector: 'csv', path: './nope.csv' },
      workspace: ws.dir(),
      rows: 25,
      batchSize: 4,
    });
  });

  it('meets the connector contract on the sample licences.csv (GB18030)', async () => {
    await checkCompliance({
      connector: csv,
      config: { connector: 'csv', path: './data/licences.csv', encoding: 'gb18030' },
      missingFileConfig: { connector: 'csv', path: './data/missing.csv', encoding: 'gb18030' },
      workspace: SAMPLES,
      rows: 406,
      batchSize: 50,
    });
  });

  it('decodes the sample licences.csv: 406 rows, Chinese values intact', async () => {
    const records = await readRecords(csv, { connector: 'csv', path: './data/licences.csv', encoding: 'gb18030' }, testContext(SAMPLES));
    expect(records).toHaveLength(406);
    expect(records.filter((r) => r.error)).toEqual([]);
    expect(records[0]).toEqual({
      line: 2,
      data: {
        证照编号: 'YYZZ00000000',
        企业名称: '北辰农业发展有限公司',
        统一社会信用代码: '91110105M7Q92U7U47',
        发证机关: '310104市场监督管理局',
        发证机关代码: '11310104P3MPWH2J5W',
        发证日期: '2007-04-08',
        有效期至: '2037-03-31',
        状态: '有效',
        住所: '庐陵区182号',
        法定代表人: '韩永英',
        更新时间: '2024-01-01 00:00:00',
      },
    });
    expect(records.at(-1)?.line).toBe(407);
  });

  it('strips a UTF-8 BOM from the first header name and accepts `utf8`', async () => {
    const records = await fileRecords('bom.csv', `\uFEFF${HEADER}\n${rows(1).join('\n')}\n`, { encoding: 'utf8' });
    expect(Object.keys(records[0]?.data ?? {})).toEqual(['证照编号', '企业名称', '统一社会信用代码', '状态']);
  });

  it('reads GBK', async () => {
    const records = await fileRecords('gbk.csv', iconv.encode(`${HEADER}\r\n${rows(3).join('\r\n')}\r\n`, 'gbk'), { encoding: 'gbk' });
    expect(records).toHaveLength(3);
    expect(records[2]).toEqual({
      line: 4,
      data: { 证照编号: 'YYZZ0002', 企业名称: '北辰2号商贸有限公司', 统一社会信用代码: '91110105M7Q92U7U47', 状态: '有效' },
    });
  });

  it('reads GB18030, its BOM and characters outside GBK', async () => {
    const text = `\uFEFF${HEADER}\n YYZZ0001,𠮷野家餐饮有限公司,91110105M7Q92U7U47,有效\n`;
    const records = await fileRecords('gb18030.csv', iconv.encode(text, 'gb18030'), { encoding: 'gb18030' });
    expect(records).toEqual([
      { line: 2, data: { 证照编号: ' YYZZ0001', 企业名称: '𠮷野家餐饮有限公司', 统一社会信用代码: '91110105M7Q92U7U47', 状态: '有效' } },
    ]);
  });

  it('marks a row with undecodable bytes and keeps its text, without losing its neighbours', async () => {
    const content = Buffer.concat([
      iconv.encode(`${HEADER}\n${rows(1).join('\n')}\nYYZZ0009,`, 'gbk'),
      Buffer.from([0xff]),
      iconv.encode(`有限公司,91110105M7Q92U7U47,有效\n${rows(2)[1]}\n`, 'gbk'),
    ]);
    const records = await fileRecords('undecodable.csv', content, { encoding: 'gbk' });
    expect(records.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(records[1]).toEqual({ line: 3, text: 'YYZZ0009,\uFFFD有限公司,91110105M7Q92U7U47,有效', error: 'undecodable bytes for encoding gbk' });
    expect(records[2]?.data?.['证照编号']).toBe('YYZZ0001');
  });

  it('refuses to read when the header itself does not decode (wrong encoding)', async () => {
    const path = await ws.write('wrong-encoding.csv', iconv.encode(`${HEADER}\n${rows(2).join('\n')}\n`, 'gb18030'));
    await expect(readBatches(csv, { connector: 'csv', path }, NO_SYNC_STATE, ctx())).rejects.toMatchObject({
      code: 'HUB_ERR_SOURCE_UNREADABLE',
      message: expect.stringContaining('undecodable bytes for encoding utf-8'),
    });
    const checked = await csv.check?.({ connector: 'csv', path }, ctx());
    expect(checked?.ok).toBe(false);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('keeps quoted line breaks (%s) and numbers lines by where each record starts', async (_, nl) => {
    const text = [HEADER, `A1,"第一行${nl}第二行${nl}第三行",X,有效`, '', `A2,"引号""内""",X,有效`, 'A3,普通,X,有效', '', ''].join(nl);
    const records = await fileRecords(`multiline-${_}.csv`, text);
    expect(records).toEqual([
      { line: 2, data: { 证照编号: 'A1', 企业名称: `第一行${nl}第二行${nl}第三行`, 统一社会信用代码: 'X', 状态: '有效' } },
      { line: 6, data: { 证照编号: 'A2', 企业名称: '引号"内"', 统一社会信用代码: 'X', 状态: '有效' } },
      { line: 7, data: { 证照编号: 'A3', 企业名称: '普通', 统一社会信用代码: 'X', 状态: '有效' } },
    ]);
  });

  it('turns a row with the wrong column count into an error record with its text', async () => {
    const text = `${HEADER}\nA1,甲,X,有效\nA2,乙,有效\nA3,丙,X,有效,多余\nA4,丁,X,有效`;
    const records = await fileRecords('columns.csv', text);
    expect(records).toEqual([
      { line: 2, data: { 证照编号: 'A1', 企业名称: '甲', 统一社会信用代码: 'X', 状态: '有效' } },
      { line: 3, text: 'A2,乙,有效', error: 'expected 4 columns, got 3' },
      { line: 4, text: 'A3,丙,X,有效,多余', error: 'expected 4 columns, got 5' },
      { line: 5, data: { 证照编号: 'A4', 企业名称: '丁', 统一社会信用代码: 'X', 状态: '有效' } },
    ]);
  });

  it('skips a title row above header_row 2', async () => {
    const path = await ws.write('title.csv', `2024年营业执照清单,,,\n${HEADER}\nA1,甲,X,有效\n`);
    const config: CsvConfig = { connector: 'csv', path, header_row: 2 };
    expect(await readRecords(csv, config, ctx())).toEqual([
      { line: 3, data: { 证照编号: 'A1', 企业名称: '甲', 统一社会信用代码: 'X', 状态: '有效' } },
    ]);
    expect((await csv.check?.(config, ctx()))?.columns).toEqual(['证照编号', '企业名称', '统一社会信用代码', '状态']);
  });

  it('reads a custom delimiter, and names empty and repeated header cells', async () => {
    const records = await fileRecords('tabs.tsv', ' 编号 \t名称\t\t名称\nA1\t甲, 有限\t空\t乙\n', { delimiter: '\t' });
    expect(records).toEqual([{ line: 2, data: { 编号: 'A1', 名称: '甲, 有限', column_3: '空', 名称_2: '乙' } }]);
  });

  it('keeps stray quotes in unquoted fields, and reads quotes as text when quoting is off', async () => {
    expect(await fileRecords('stray.csv', 'a,b\n北京"某某"公司,1\n"甲"乙,2\n')).toEqual([
      { line: 2, data: { a: '北京"某某"公司', b: '1' } },
      { line: 3, data: { a: '"甲"乙', b: '2' } },
    ]);
    expect(await fileRecords('noquote.csv', 'a,b\n"x,1\n', { quote: '' })).toEqual([{ line: 2, data: { a: '"x', b: '1' } }]);
  });

  it('fails with the line when a quote is never closed', async () => {
    const path = await ws.write('broken-quote.csv', 'a,b\n1,2\n3,"xy\n5,6\n');
    await expect(readBatches(csv, { connector: 'csv', path }, NO_SYNC_STATE, ctx())).rejects.toMatchObject({
      code: 'HUB_ERR_SOURCE_UNREADABLE',
      message: expect.stringContaining('after line 2'),
    });
  });

  it('reads an empty file as no records', async () => {
    expect(await fileRecords('empty.csv', '')).toEqual([]);
    expect(await fileRecords('header-only.csv', `${HEADER}\n\n`)).toEqual([]);
  });

  it('refuses a position of another shape and stops when aborted', async () => {
    const path = await ws.write('resume.csv', `${HEADER}\n${rows(5).join('\n')}\n`);
    const [first] = await readBatches(csv, { connector: 'csv', path }, NO_SYNC_STATE, ctx());
    const elsewhere = { ...NO_SYNC_STATE, position: { row: 3 }, fingerprint: first!.fingerprint };
    await expect(readBatches(csv, { connector: 'csv', path }, elsewhere, ctx())).rejects.toMatchObject({ code: 'HUB_ERR_VALIDATION' });
    const controller = new AbortController();
    controller.abort();
    await expect(readBatches(csv, { connector: 'csv', path }, NO_SYNC_STATE, { ...ctx(), signal: controller.signal })).rejects.toThrow(/abort/i);
  });
});
