import { describe, expect, it } from 'vitest';
import { safeCsvStringifier } from '../../core/safe-csv-stringifier.ts';

async function csvOf(rows: unknown[][], columns?: string[]): Promise<string> {
  const csv = safeCsvStringifier(columns ? { columns } : {});
  const chunks: string[] = [];
  csv.on('data', (c: Buffer | string) => chunks.push(String(c)));
  const done = new Promise((resolve) => csv.on('end', resolve));
  for (const row of rows) csv.write(row);
  csv.end();
  await done;
  return chunks.join('');
}

describe('safeCsvStringifier', () => {
  it('writes cells a spreadsheet would run as formulas as text, and leaves numbers alone', async () => {
    const out = await csvOf([['=1+1', '+86', '-2', '@SUM(A1)', '\tx', 'ok', 3, -2]]);
    expect(out).toBe("\uFEFF'=1+1,'+86,'-2,'@SUM(A1),'\tx,ok,3,-2\r\n");
  });

  it('quotes a lone CR or LF inside a cell, and neutralises a CR at its start', async () => {
    expect(await csvOf([['a\nb', '\rx']])).toBe('\uFEFF"a\nb","\'\rx"\r\n');
  });

  it('writes objects as JSON text, dates as ISO and a header when given columns', async () => {
    const out = await csvOf([[{ a: 1 }, new Date('2026-01-02T03:04:05Z'), true]], ['raw', 'at', 'ok']);
    expect(out).toBe('\uFEFFraw,at,ok\r\n"{""a"":1}",2026-01-02T03:04:05.000Z,true\r\n');
  });
});
