import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { HubError } from '../core/errors.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Database } from './database.ts';

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider });
}

/**
 * Whether the migrations recorded as applied are exactly those this version knows, in two plain
 * reads: kysely's Migrator first introspects the whole schema and takes its lock, which on a
 * freshly started embedded store cost a third of a second of every command that opens it.
 */
async function upToDate(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (rows[0]?.present !== true) return false;
  const applied = new Set((await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name));
  const known = Object.keys(MIGRATIONS);
  // A migration this version does not know (a newer ecert ran here) is left to the Migrator to refuse.
  return applied.size === known.length && known.every((name) => applied.has(name));
}

/** Applies every pending migration; returns the names applied (empty when already up to date). */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  if (await upToDate(db)) return [];
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
