import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from '../../core/exceljs.ts';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedWorkspace } from './workspace-fixture.ts';

describe('generated file formats', () => {
  let w: Awaited<ReturnType<typeof generatedWorkspace>>;
  const file = (name: string): Buffer => readFileSync(path.join(w.dir, 'data', name));

  beforeAll(async () => {
    w = await generatedWorkspace(1500, 5);
  });
  afterAll(() => w?.dispose());

  it('the business licence CSV really is GB18030, without a byte-order mark', () => {
    const bytes = file('scjg-licences.csv');
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(new TextDecoder('utf-8').decode(bytes)).toContain('\uFFFD');
    const text = iconv.decode(bytes, 'gb18030');
    expect(text.startsWith('证照编号,企业名称,统一社会信用代码,')).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(iconv.encode(text, 'gb18030').equals(bytes)).toBe(true);
  });

  it('the marriage CSV is UTF-8 with a byte-order mark; both CSVs end lines with CRLF', () => {
    const bytes = file('mz-marriages.csv');
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(text.startsWith('结婚证字号,持证人姓名,')).toBe(true);
    for (const t of [text, iconv.decode(file('scjg-licences.csv'), 'gb18030')]) {
      expect(t.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    }
  });

  it('quotes CSV fields that hold a comma', () => {
    const text = iconv.decode(file('scjg-licences.csv'), 'gb18030');
    expect(text).toMatch(/,"[^",]+,[^"]*",/);
  });

  it('JSONL is UTF-8, one object per LF-terminated line, with a few truncated lines', () => {
    const lines = file('rs-qualifications.jsonl').toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.every((l) => !l.endsWith('\r') && l.startsWith('{"'))).toBe(true);
    const broken = lines.filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    const planted = w.manifest.departments.find((d) => d.pipeline === 'rs-professional-qualifications')!.expected.quarantined.parse_error ?? 0;
    expect(broken.length).toBe(planted);
    expect(planted).toBeGreaterThan(0);
  });

  it('the construction workbook has a merged title row above the header and dates as date cells, serials and text', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(w.dir, 'data', 'zj-qualifications.xlsx'));
    const ws = workbook.getWorksheet('资质证书')!;
    expect(String(ws.getCell('A1').value)).toContain('建筑业企业资质证书');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getCell('L1').isMerged).toBe(true);
    expect(ws.getRow(2).getCell(1).value).toBe('证书编号');
    const issued: unknown[] = [];
    ws.eachRow((row, n) => {
      if (n > 2) issued.push(row.getCell(9).value);
    });
    expect(issued.filter((v) => v instanceof Date).length).toBeGreaterThan(issued.length / 2);
    expect(issued.some((v) => typeof v === 'number' && v > 30_000 && v < 60_000)).toBe(true);
    expect(issued.some((v) => typeof v === 'string')).toBe(true);
  });

  it('the physician workbook has its header on row 1', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(w.dir, 'data', 'wj-physicians.xlsx'));
    expect(workbook.getWorksheet('医师执业注册')!.getRow(1).getCell(1).value).toBe('证书编码');
  });
});
