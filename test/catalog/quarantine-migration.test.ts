import { Migrator, sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../catalog/migrate.ts';
import { MIGRATIONS } from '../../catalog/migrations/index.ts';
import type { Database } from '../../catalog/database.ts';
import { forEachTarget } from '../setup.ts';

const BEFORE = '2026-11-23T0000-initial';
const migrator = (db: Kysely<Database>) => new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });

async function rows(db: Kysely<Database>) {
  const { rows } = await sql<Record<string, unknown>>`select * from quarantine order by id`.execute(db);
  return rows;
}

forEachTarget(
  'quarantine rows migration',
  (getCatalog) => {
    it('keeps existing rows: closed ones become retried, open ones stay open', async () => {
      const { db } = getCatalog();
      expect((await migrator(db).migrateTo(BEFORE)).error).toBeUndefined();
      await sql`insert into runs (id, pipeline, trigger) values ('r1', 'p', 'manual'), ('r2', 'p', 'retry')`.execute(db);
      await sql`insert into quarantine (run_id, pipeline, line, raw, payload_hash, reason, message, resolved_at, resolved_run_id) values
        ('r1', 'p', 2, '{"a":1}', 'h1', 'invalid_code', 'bad', now(), 'r2'),
        ('r1', 'p', 3, '{"a":2}', 'h2', 'invalid_code', 'bad', null, null)`.execute(db);

      expect(await migrateToLatest(db)).toContain('2026-11-26T0300-quarantine-rows');
      expect(await rows(db)).toMatchObject([
        { line: 2, resolution: 'retried', resolved_run_id: 'r2', natural_key: null, resolution_note: null },
        { line: 3, resolution: null, resolved_at: null, natural_key: null },
      ]);

      // The same payload at another line is another record now; at the same line it is the same one.
      await sql`insert into quarantine (run_id, pipeline, line, raw, payload_hash, reason, message) values ('r1', 'p', 4, '{"a":2}', 'h2', 'invalid_code', 'bad')`.execute(db);
      await expect(
        sql`insert into quarantine (run_id, pipeline, line, raw, payload_hash, reason, message) values ('r1', 'p', 4, '{"a":2}', 'h2', 'invalid_code', 'bad')`.execute(db),
      ).rejects.toThrow(/quarantine_record_idx/);
      await expect(sql`update quarantine set resolved_at = now(), resolution = 'dismissed' where line = 3`.execute(db)).rejects.toThrow(
        /quarantine_resolution_source_check/,
      );
      await expect(sql`update quarantine set resolved_at = now() where line = 3`.execute(db)).rejects.toThrow(/quarantine_resolution_check/);
    });

    it('migrates down by closing all but the newest open row of one payload', async () => {
      const { db } = getCatalog();
      expect((await migrator(db).migrateTo(BEFORE)).error).toBeUndefined();
      expect((await rows(db)).map((r) => [r.line, r.resolved_at === null ? 'open' : 'closed'])).toEqual([
        [2, 'closed'],
        [3, 'closed'],
        [4, 'open'],
      ]);
      expect(await migrateToLatest(db)).toContain('2026-11-26T0300-quarantine-rows');
    });
  },
  { migrate: false },
);
