import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ReportTable } from './report-tables.ts';
import { safeCsvStringifier } from '../core/safe-csv-stringifier.ts';

/** One UTF-8 CSV per table (with a byte-order mark, so that Excel reads the Chinese right). */
export async function writeCsvTables(tables: ReportTable[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const t of tables) {
    const file = path.join(dir, `${t.name}.csv`);
    const csv = safeCsvStringifier({ columns: t.columns });
    const done = pipeline(csv, createWriteStream(file));
    for (const row of t.rows) csv.write(row);
    csv.end();
    await done;
    written.push(file);
  }
  return written;
}
