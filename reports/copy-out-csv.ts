import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DuckColumn } from './append-pages.ts';
import { duckRows } from './duck-rows.ts';

const quoteLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Copies the rows of `select` (plain SQL, no parameters) from a Postgres server into the DuckDB
 * table `table`: `COPY (…) TO STDOUT (FORMAT csv)` streamed into a temporary file, which DuckDB
 * then reads in one parallel pass with the columns' types given, not guessed. Neither side holds
 * more than a stream buffer in JavaScript, and the server formats the rows in C instead of the
 * driver parsing them field by field.
 */
export async function copyOutCsv(databaseUrl: string, duck: DuckDBConnection, table: string, columns: DuckColumn[], select: string): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ecert-copy-'));
  const file = path.join(dir, `${table}.csv`);
  try {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // What DuckDB is told to expect: ISO dates, and timestamps with their offset.
      await client.query(`set datestyle = 'ISO, YMD'; set timezone = 'UTC'`);
      await pipeline(client.query(copyTo(`copy (${select}) to stdout (format csv)`)), createWriteStream(file));
    } finally {
      await client.end();
    }
    const types = columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type.toString())}`).join(', ');
    // Postgres writes NULL as an empty field and the empty string as "": only the former is NULL.
    const reader = `read_csv(${quoteLiteral(file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, columns = {${types}})`;
    // The copy's row order means nothing (every measure orders what it lists), and keeping it
    // makes DuckDB write the table single-file, several times slower.
    await duck.run('set preserve_insertion_order = false');
    try {
      await duck.run(`create or replace table ${table} as select * from ${reader}`);
    } finally {
      await duck.run('reset preserve_insertion_order');
    }
    const [count] = await duckRows<{ n: number }>(duck, `select count(*) as n from ${table}`);
    return count?.n ?? 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
