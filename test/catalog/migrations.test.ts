import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest, migrationStatus } from '../../catalog/migrate.ts';
import { MIGRATIONS } from '../../catalog/migrations/index.ts';
import { forEachTarget } from '../setup.ts';

const TABLES = [
  'api_clients',
  'certificate_seal_blocks',
  'certificate_seals',
  'certificate_types',
  'certificate_versions',
  'certificates',
  'chain_events',
  'lookup_log',
  'lookup_log_blocks',
  'matter_materials',
  'matters',
  'quarantine',
  'run_duplicates',
  'runs',
  'signing_keys',
  'sync_state',
];

forEachTarget(
  'migrations',
  (getCatalog) => {
    it('starts with every migration pending', async () => {
      const { pending } = await migrationStatus(getCatalog().db);
      expect(pending).toEqual(Object.keys(MIGRATIONS));
    });

    it('migrates an empty database up to the latest schema', async () => {
      const { db } = getCatalog();
      expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS));
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name`.execute(db);
      expect(rows.map((r) => r.table_name)).toEqual(TABLES);
      const status = await migrationStatus(db);
      expect(status.pending).toEqual([]);
      expect(status.migrations.every((m) => m.executedAt instanceof Date)).toBe(true);
    });

    it('is a no-op the second time', async () => {
      expect(await migrateToLatest(getCatalog().db)).toEqual([]);
    });

    it('rejects values outside the check constraints', async () => {
      const { db } = getCatalog();
      await expect(
        db.insertInto('certificate_types').values({ code: 'x', name: 'x', holder_kind: 'robot' as 'person' }).execute(),
      ).rejects.toThrow(/certificate_types_holder_kind_check/);
    });
  },
  { migrate: false },
);
