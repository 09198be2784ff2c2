import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { BIGINT, BOOLEAN, DATE, INTEGER, TIMESTAMPTZ, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import type { Database } from '../catalog/database.ts';
import { maskId } from '../core/log.ts';
import { appendPages } from './append-pages.ts';
import { EXPORT_TABLES, type ColumnKind, type ExportColumn, type ExportSpec, type ExportTableName } from './export-columns.ts';
import { keysetPages } from './keyset-pages.ts';
import { maskRecord } from './mask-record.ts';
import { openDuckDB } from './open-duckdb.ts';
import { safeCsvStringifier } from '../core/safe-csv-stringifier.ts';
import { writeArrowFile } from './write-arrow-file.ts';

export const EXPORT_FORMATS = ['parquet', 'arrow', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  table: ExportTableName;
  format: ExportFormat;
  /** Folder the file `<table>.<format>` is written into. */
  out: string;
  /** Identity numbers as stored; masked otherwise. */
  includeIdentities: boolean;
  pageSize?: number;
}

export interface ExportResult {
  file: string;
  rows: number;
  identities: 'included' | 'masked';
}

/** A catalogue value as the export writes it: JSON as text, identities masked unless asked for. */
function outValue(column: ExportColumn, value: unknown, includeIdentities: boolean): unknown {
  if (value === null || value === undefined) return null;
  const masked = column.identity && !includeIdentities ? (column.name === 'holder_id' ? maskId(String(value)) : maskRecord(value, column.name)) : value;
  return column.kind === 'json' ? JSON.stringify(masked) : masked;
}

async function* exportRows(db: Kysely<Database>, spec: ExportSpec, options: ExportOptions): AsyncGenerator<unknown[][]> {
  const stored = spec.columns.filter((col) => !spec.joined?.includes(col.name)).map((col) => col.name);
  for await (const page of keysetPages(db, { table: spec.table, key: spec.key, columns: stored }, options.pageSize)) {
    if (spec.table === 'matters') await attachMaterials(db, page);
    yield page.map((row) => spec.columns.map((col) => outValue(col, row[col.name], options.includeIdentities)));
  }
}

async function attachMaterials(db: Kysely<Database>, page: Record<string, unknown>[]): Promise<void> {
  const codes = page.map((m) => String(m.matter_code));
  const materials = await db.selectFrom('matter_materials').selectAll().where('matter_code', 'in', codes).orderBy('matter_code').orderBy('position').execute();
  for (const m of page) m.materials = materials.filter((x) => x.matter_code === m.matter_code).map(({ matter_code: _code, ...rest }) => rest);
}

const DUCK_TYPES: Record<ColumnKind, DuckDBType> = {
  text: VARCHAR,
  int: INTEGER,
  bigint: BIGINT,
  bool: BOOLEAN,
  date: DATE,
  timestamp: TIMESTAMPTZ,
  json: VARCHAR,
};

async function writeParquet(rows: AsyncIterable<unknown[][]>, spec: ExportSpec, file: string): Promise<number> {
  const session = await openDuckDB();
  try {
    const dated = spec.columns.map((col) => col.kind === 'date');
    const asDates = (async function* () {
      // DuckDB's DATE takes a Date; the catalogue gives 'YYYY-MM-DD', read as UTC midnight.
      for await (const page of rows) yield page.map((r) => r.map((v, i) => (dated[i] && typeof v === 'string' ? new Date(`${v}T00:00:00Z`) : v)));
    })();
    const count = await appendPages(session.connection, 'export', spec.columns.map((col) => ({ name: col.name, type: DUCK_TYPES[col.kind] })), asDates);
    await session.connection.run(`copy export to '${file.replaceAll("'", "''")}' (format parquet, compression zstd)`);
    return count;
  } finally {
    session.close();
  }
}

async function writeCsv(rows: AsyncIterable<unknown[][]>, spec: ExportSpec, file: string): Promise<number> {
  const csv = safeCsvStringifier({ columns: spec.columns.map((col) => col.name) });
  const out: Writable = createWriteStream(file);
  csv.pipe(out);
  let count = 0;
  for await (const page of rows) {
    for (const row of page) {
      if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
    }
    count += page.length;
  }
  csv.end();
  await finished(out);
  return count;
}

/**
 * `ecert export`: streams one catalogue table, page by page, to Parquet (through DuckDB's
 * `COPY … TO`), Arrow IPC (apache-arrow, one record batch per page) or CSV.
 */
export async function exportTable(db: Kysely<Database>, options: ExportOptions): Promise<ExportResult> {
  const spec: ExportSpec = EXPORT_TABLES[options.table];
  await mkdir(options.out, { recursive: true });
  const file = path.resolve(options.out, `${options.table}.${options.format}`);
  const rows = exportRows(db, spec, options);
  const count =
    options.format === 'parquet' ? await writeParquet(rows, spec, file) : options.format === 'arrow' ? await writeArrowFile(rows, spec.columns, file) : await writeCsv(rows, spec, file);
  return { file, rows: count, identities: options.includeIdentities ? 'included' : 'masked' };
}
