import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { checkDatabaseUrl } from '../core/config.ts';
import { createPGliteStore } from './create-pglite-store.ts';
import { HubError } from '../core/errors.ts';
import { migrateToLatest } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { acquireStoreLock } from './store-lock.ts';
import type { Database } from './database.ts';
import { PG_TYPES, PGLITE_PARSERS } from './type-parsers.ts';

export interface Catalog {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Ends the pool or closes PGlite and releases the store lock; safe to call twice. */
  close(): Promise<void>;
}

export { isPostgresUrl } from '../core/config.ts';

export interface OpenOptions {
  /** Apply pending migrations before returning. */
  migrate?: boolean;
  /** Connections in the Postgres pool. */
  poolSize?: number;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * Opens the catalogue: a Postgres server when `databaseUrl` is postgres://…, the embedded
 * PGlite store in `<storeDir>/db` (held exclusively through `<storeDir>/lock`) when it is
 * unset; any other URL is refused.
 */
export async function openDatabase(
  config: { databaseUrl?: string | undefined; storeDir: string },
  options: OpenOptions = {},
): Promise<Catalog> {
  const url = checkDatabaseUrl(config.databaseUrl);
  const catalog = url !== undefined ? await openPostgres(url, options.poolSize ?? 10) : await openPGlite(config.storeDir);
  if (options.migrate) {
    try {
      await migrateToLatest(catalog.db);
    } catch (err) {
      await catalog.close();
      throw err;
    }
  }
  return catalog;
}

async function openPostgres(url: string, max: number): Promise<Catalog> {
  const pool = new pg.Pool({ connectionString: url, max, types: PG_TYPES });
  // A client losing its server must not crash the process, idle or checked out (a pipeline
  // lock holds one for a whole run); the next query on it reports the loss.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy();
    const reason = err instanceof Error ? err.message : String(err);
    throw new HubError('HUB_ERR_DB_UNAVAILABLE', `cannot reach ${redactUrl(url)}: ${reason}`, undefined, { cause: err });
  }
  return { db, kind: 'postgres', close: once(() => db.destroy()) };
}

/**
 * PGlite's start-up grows with its buffer pool, about 6 ms per MB (measured: 16 MB 0.27 s, 64 MB
 * 0.55 s, Postgres's default 128 MB 0.7 s), and every `ecert` command starts it. Its data files
 * sit in the operating system's page cache all the same; a 60k-row sync and the quality report
 * of it took as long with 16 MB, in less memory.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

async function openPGlite(storeDir: string): Promise<Catalog> {
  const release = acquireStoreLock(storeDir);
  let pglite: PGlite;
  try {
    pglite = await createPGliteStore(path.join(storeDir, 'db'), { parsers: PGLITE_PARSERS, startParams: PGLITE_START_PARAMS });
  } catch (err) {
    release();
    const reason = err instanceof Error ? err.message : String(err);
    throw new HubError('HUB_ERR_DB_UNAVAILABLE', `cannot open the embedded store in ${storeDir}: ${reason}`, undefined, { cause: err });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    close: once(async () => {
      try {
        await db.destroy();
      } finally {
        release();
      }
    }),
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
