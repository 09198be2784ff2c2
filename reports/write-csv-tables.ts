import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ReportTable } from './report-tables.ts';
import { safeCell } from './safe-cell.ts';

/** One UTF-8 CSV per table (with a byte-order mark, so that Excel reads the Chinese right). */
export async function writeCsvTables(tables: ReportTable[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const t of tables) {
    const file = path.join(dir, `${t.name}.csv`);
    const csv = stringify({ header: true, columns: t.columns, bom: true, cast: { boolean: (b) => (b ? 'true' : 'false') } });
    const done = pipeline(csv, createWriteStream(file));
    for (const row of t.rows) csv.write(row.map(safeCell));
    csv.end();
    await done;
    written.push(file);
  }
  return written;
}
