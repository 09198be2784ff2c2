import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, vi } from 'vitest';
import type { Database } from '../../catalog/database.ts';
import { openDatabase } from '../../catalog/open-database.ts';
import { withCatalog } from '../../cli/with-catalog.ts';
import { HASH_KEY, syncDirtyWorkspace } from '../api/api-fixture.ts';
import { copyWorkspace } from '../pipelines/workspace-copy.ts';
import { openTarget, type OpenTarget, type TargetName } from '../setup.ts';

export interface CliWorkspace {
  /** The synced copy of the dirty workspace the commands run in. */
  workspace(): string;
  /** The same catalogue the commands use, opened for the test only while no command runs (the embedded store is single-process). */
  withDb<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

/**
 * A copy of the dirty workspace synced into `target` before the tests of the enclosing describe
 * block, with the environment the commands read pointing at it; disposed of after them.
 */
export function syncedCliWorkspace(target: TargetName): CliWorkspace {
  let workspace = '';
  let server: OpenTarget | undefined;
  beforeAll(async () => {
    workspace = copyWorkspace('dirty-workspace');
    if (target === 'postgres') {
      server = await openTarget('postgres');
      vi.stubEnv('ECERT_DATABASE_URL', server.config.databaseUrl ?? '');
      vi.stubEnv('ECERT_HOLDER_HASH_KEY', HASH_KEY);
      await syncDirtyWorkspace(server.catalog.db, workspace);
    } else {
      vi.stubEnv('ECERT_DATABASE_URL', '');
      vi.stubEnv('ECERT_HOLDER_HASH_KEY', '');
      await withCatalog(workspace, (c) => syncDirtyWorkspace(c.db, workspace));
    }
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await server?.dispose();
  });
  return {
    workspace: () => workspace,
    async withDb(work) {
      if (server !== undefined) return work(server.catalog.db);
      const catalog = await openDatabase({ storeDir: path.join(workspace, '.ecert') });
      try {
        return await work(catalog.db);
      } finally {
        await catalog.close();
      }
    },
  };
}
