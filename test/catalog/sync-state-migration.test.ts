import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../catalog/migrate.ts';
import { MIGRATIONS } from '../../catalog/migrations/index.ts';
import { getState } from '../../catalog/state-repository.ts';
import { forEachTarget } from '../setup.ts';

forEachTarget(
  'the typed sync_state migration',
  (getCatalog) => {
    it('turns the old jsonb cursor into position, floor, max and complete', async () => {
      const { db } = getCatalog();
      const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
      expect((await migrator.migrateTo('2026-11-23T0000-initial')).error).toBeUndefined();
      const old = (pipeline: string, cursor: unknown) =>
        sql`insert into sync_state (pipeline, cursor) values (${pipeline}, ${JSON.stringify(cursor)}::jsonb)`.execute(db);
      await old('done', { position: null, cursor: ['2024-03-01', 'A'], complete: true });
      // A run that stopped part-way: its cursor is a running maximum, not a floor.
      await old('partial', { position: { line: 3 }, cursor: ['2024-03-01', 'A'], complete: false });
      await old('plain', { position: { line: 9 }, complete: false });

      await migrateToLatest(db);
      expect(await getState(db, 'done')).toMatchObject({ position: null, fingerprint: null, floor: ['2024-03-01', 'A'], max: ['2024-03-01', 'A'], complete: true });
      expect(await getState(db, 'partial')).toMatchObject({ position: { line: 3 }, floor: null, max: ['2024-03-01', 'A'], complete: false });
      expect(await getState(db, 'plain')).toMatchObject({ position: { line: 9 }, floor: null, max: null, complete: false });

      expect((await migrator.migrateTo('2026-11-23T0000-initial')).error).toBeUndefined();
      const { rows } = await sql<{ pipeline: string; cursor: unknown }>`select pipeline, cursor from sync_state order by pipeline`.execute(db);
      expect(rows).toEqual([
        { pipeline: 'done', cursor: { position: null, cursor: ['2024-03-01', 'A'], complete: true } },
        { pipeline: 'partial', cursor: { position: { line: 3 }, cursor: ['2024-03-01', 'A'], complete: false } },
        { pipeline: 'plain', cursor: { position: { line: 9 }, cursor: null, complete: false } },
      ]);
    });
  },
  { migrate: false },
);
