import { sql, type Kysely } from 'kysely';

/**
 * Three additions, one statement each (PGlite's extended protocol):
 * - `run_duplicates`: a source row that lost to another row with the same natural key and different
 *   content, so a run's `duplicates` can be traced back to lines of the source;
 * - `quarantine.source_columns`: the source's header order, which jsonb does not keep in `raw`, so an
 *   export can give the department its own columns in its own order;
 * - `lookup_log.operator` and `case_no`: who at the window asked (经办人) and for which case (办件编号),
 *   and an index so an auditor finds a holder's lookups without a scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table run_duplicates (
    id bigint generated always as identity primary key,
    run_id text not null references runs (id),
    pipeline text not null,
    line integer,
    kept_line integer,
    natural_key text not null,
    reason text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index run_duplicates_run_idx on run_duplicates (run_id, id)`.execute(db);
  await sql`alter table quarantine add column source_columns jsonb`.execute(db);
  await sql`alter table lookup_log add column operator text`.execute(db);
  await sql`alter table lookup_log add column case_no text`.execute(db);
  await sql`create index lookup_log_holder_idx on lookup_log (holder_hash, seq)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index lookup_log_holder_idx`.execute(db);
  await sql`alter table lookup_log drop column case_no`.execute(db);
  await sql`alter table lookup_log drop column operator`.execute(db);
  await sql`alter table quarantine drop column source_columns`.execute(db);
  await sql`drop table run_duplicates`.execute(db);
}
