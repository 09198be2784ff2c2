import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../catalog/database.ts';

export interface PagedTable {
  table: keyof Database;
  /** A unique key, in index order: the page after the last row is `key > last key`. */
  key: readonly string[];
  columns: readonly string[];
  /** Extra condition, e.g. only open quarantine rows. */
  where?: RawBuilder<unknown>;
}

export const PAGE_SIZE = 10_000;

/**
 * Reads a catalogue table in key order, one page at a time (keyset pagination), so that only
 * one page is ever held in memory whatever the size of the table, on PGlite and Postgres alike.
 */
export async function* keysetPages(db: Kysely<Database>, spec: PagedTable, pageSize = PAGE_SIZE): AsyncGenerator<Record<string, unknown>[]> {
  const select = sql.join(spec.columns.map((c) => sql.ref(c)));
  const keyRefs = sql.join(spec.key.map((c) => sql.ref(c)));
  const extra = spec.where ?? sql`true`;
  let last: unknown[] | undefined;
  for (;;) {
    const after = last === undefined ? sql`true` : sql`(${keyRefs}) > (${sql.join(last.map((v) => sql`${v}`))})`;
    const { rows } = await sql<Record<string, unknown>>`select ${select} from ${sql.table(spec.table)} where ${extra} and ${after} order by ${keyRefs} limit ${pageSize}`.execute(db);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    const tail = rows[rows.length - 1]!;
    last = spec.key.map((k) => tail[k]);
  }
}
