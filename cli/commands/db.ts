import { migrationStatus, migrateToLatest } from '../../catalog/migrate.ts';
import { openDatabase, redactUrl, type Catalog } from '../../catalog/open-database.ts';
import { loadConfig, type HubConfig } from '../../core/config.ts';

export interface DbOptions {
  workspace: string;
  json?: boolean;
}

function location(config: HubConfig): string {
  return config.databaseUrl === undefined ? config.storeDir : redactUrl(config.databaseUrl);
}

async function withCatalog<T>(opts: DbOptions, work: (catalog: Catalog, config: HubConfig) => Promise<T>): Promise<T> {
  const config = loadConfig({ workspace: opts.workspace });
  const catalog = await openDatabase(config);
  try {
    return await work(catalog, config);
  } finally {
    await catalog.close();
  }
}

function print(opts: DbOptions, doc: unknown, lines: string[]): void {
  process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : `${lines.join('\n')}\n`);
}

/** `ecert db migrate`: applies pending catalogue migrations; a second run does nothing. */
export async function dbMigrate(opts: DbOptions): Promise<{ applied: string[] }> {
  return withCatalog(opts, async (catalog, config) => {
    const applied = await migrateToLatest(catalog.db);
    print(opts, { database: catalog.kind, location: location(config), applied }, [
      applied.length === 0
        ? `catalogue (${catalog.kind}, ${location(config)}) is up to date`
        : `applied ${applied.length} migration(s) to ${catalog.kind} ${location(config)}:`,
      ...applied.map((name) => `  ${name}`),
    ]);
    return { applied };
  });
}

/** `ecert db status`: which migrations are applied and which are pending. */
export async function dbStatus(opts: DbOptions): Promise<{ pending: string[] }> {
  return withCatalog(opts, async (catalog, config) => {
    const { migrations, pending } = await migrationStatus(catalog.db);
    print(
      opts,
      {
        database: catalog.kind,
        location: location(config),
        migrations: migrations.map((m) => ({ name: m.name, executed_at: m.executedAt?.toISOString() ?? null })),
        pending,
      },
      [
        `catalogue: ${catalog.kind} ${location(config)}`,
        ...migrations.map((m) => `  ${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending'}  ${m.name}`),
        pending.length === 0 ? 'up to date' : `${pending.length} pending: run \`ecert db migrate\``,
      ],
    );
    return { pending };
  });
}
