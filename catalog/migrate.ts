import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { HubError } from '../core/errors.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Database } from './database.ts';

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider });
}

/** Applies every pending migration; returns the names applied (empty when already up to date). */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results = [] } = await migrator(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new HubError('HUB_ERR_MIGRATION_FAILED', `migration ${failed ?? '?'} failed: ${reason}`, { migration: failed }, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Gets the schema ready for a command other than `ecert db migrate`. The embedded store belongs
 * to this one process, so it migrates itself. A server is shared by processes that may run
 * different versions of ecert, so only `ecert db migrate` changes its schema; other commands
 * check that nothing is pending.
 */
export async function prepareSchema(db: Kysely<Database>, kind: 'pglite' | 'postgres'): Promise<void> {
  if (kind === 'pglite') {
    await migrateToLatest(db);
    return;
  }
  const { pending } = await migrationStatus(db);
  if (pending.length > 0) {
    throw new HubError(
      'HUB_ERR_SCHEMA_OUTDATED',
      `the catalogue schema is behind this version of ecert (${pending.length} migration(s) pending: ${pending.join(', ')}); run \`ecert db migrate\``,
      { pending },
    );
  }
}

export interface MigrationState {
  name: string;
  executedAt: Date | null;
}

export async function migrationStatus(db: Kysely<Database>): Promise<{ migrations: MigrationState[]; pending: string[] }> {
  const list = await migrator(db).getMigrations();
  const migrations = list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
  return { migrations, pending: migrations.filter((m) => m.executedAt === null).map((m) => m.name) };
}
