import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { HubError } from '../core/errors.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Database } from './tables.ts';

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

export interface MigrationState {
  name: string;
  executedAt: Date | null;
}

export async function migrationStatus(db: Kysely<Database>): Promise<{ migrations: MigrationState[]; pending: string[] }> {
  const list = await migrator(db).getMigrations();
  const migrations = list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
  return { migrations, pending: migrations.filter((m) => m.executedAt === null).map((m) => m.name) };
}
