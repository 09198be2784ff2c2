import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { throwAwayDatabase } from '../bench/throwaway-database.ts';
import { openDatabase, type Catalog } from '../catalog/open-database.ts';
import type { Database } from '../catalog/database.ts';

/**
 * The database back ends every catalogue suite runs on: the embedded PGlite store always,
 * a Postgres server when ECERT_TEST_DATABASE_URL is set. Each suite gets its own store
 * (a temp folder, or a throw-away database on the server), so suites can run in parallel.
 */
export type TargetName = 'pglite' | 'postgres';

export function targets(): TargetName[] {
  return process.env.ECERT_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface OpenTarget {
  catalog: Catalog;
  /** The config that opened it, to open the same store again. */
  config: { databaseUrl?: string; storeDir: string };
  dispose(): Promise<void>;
}

export async function openTarget(target: TargetName, options: { migrate?: boolean } = {}): Promise<OpenTarget> {
  const migrate = options.migrate ?? true;
  if (target === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-catalog-'));
    const config = { storeDir: path.join(dir, '.ecert') };
    const catalog = await openDatabase(config, { migrate });
    return {
      catalog,
      config,
      async dispose() {
        await catalog.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.ECERT_TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('ECERT_TEST_DATABASE_URL is not set');
  const database = await throwAwayDatabase(adminUrl, 'ecert_test');
  const config = { databaseUrl: database.url, storeDir: '' };
  const catalog = await openDatabase(config, { migrate, poolSize: 4 });
  return {
    catalog,
    config,
    async dispose() {
      await catalog.close();
      await database.drop();
    },
  };
}

/**
 * Declares `body` once per target, inside a describe block that opens a fresh catalogue
 * before its tests and disposes of it after them.
 */
export function forEachTarget(
  name: string,
  body: (getCatalog: () => Catalog, target: TargetName) => void,
  options: { migrate?: boolean } = {},
): void {
  for (const target of targets()) {
    describe(`${name} [${target}]`, () => {
      let handle: OpenTarget | undefined;
      beforeAll(async () => {
        handle = await openTarget(target, options);
      });
      afterAll(async () => {
        await handle?.dispose();
      });
      body(() => {
        if (handle === undefined) throw new Error('catalogue not open yet');
        return handle.catalog;
      }, target);
    });
  }
}

const TABLES = [
  'certificate_seals',
  'certificate_seal_blocks',
  'chain_events',
  'lookup_log',
  'lookup_log_blocks',
  'signing_keys',
  'api_clients',
  'run_duplicates',
  'quarantine',
  'sync_state',
  'matter_materials',
  'matters',
  'certificate_versions',
  'certificates',
  'runs',
  'certificate_types',
];

/** Empties every catalogue table (identities restart), for tests that need a clean slate. */
export async function resetCatalog(db: Kysely<Database>): Promise<void> {
  await sql.raw(`truncate ${TABLES.join(', ')} restart identity cascade`).execute(db);
}
