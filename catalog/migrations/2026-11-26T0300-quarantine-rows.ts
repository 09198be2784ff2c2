import { sql, type Kysely } from 'kysely';

/**
 * Quarantine keeps one row per bad source record: identity is the position in the source plus
 * the payload hash, so two identical bad lines are two rows. Rows also carry the record's natural
 * key, when it could be read, and how they were closed. One statement per entry (PGlite).
 *
 * Existing rows are unique on (pipeline, payload_hash) while unresolved, so they satisfy the new,
 * finer index on (pipeline, payload_hash, line). Before this migration a row could only be closed by `quarantine retry`, so closed
 * rows become `retried`. Natural keys of existing rows are unknown (the raw payload is in source
 * columns); a row gets its key the next time a sync quarantines its record again.
 */
const UP = [
  `alter table quarantine add column natural_key text`,
  `alter table quarantine add column resolution text`,
  `alter table quarantine add column resolution_note text`,
  `update quarantine set resolution = 'retried' where resolved_at is not null`,
  `alter table quarantine add constraint quarantine_resolution_check check (
    resolution in ('reloaded', 'retried', 'dismissed') and (resolved_at is null) = (resolution is null))`,
  // A dismissal says why; a reload or retry names the run that loaded the record.
  `alter table quarantine add constraint quarantine_resolution_source_check check (
    case resolution when 'dismissed' then resolution_note is not null else resolved_at is null or resolved_run_id is not null end)`,
  `drop index quarantine_payload_idx`,
  // Keyed on array[pipeline, …] so that a lookup written the same way can only use these indexes:
  // without table statistics (PGlite never analyses) a plain `pipeline = $1` condition let the
  // planner walk quarantine_unresolved_idx through every open row of the pipeline per record.
  `create unique index quarantine_record_idx on quarantine ((array[pipeline, payload_hash]), line) where resolved_at is null`,
  `create index quarantine_natural_key_idx on quarantine ((array[pipeline, natural_key])) where resolved_at is null and natural_key is not null`,
  // A dismissed record sent again unchanged finds its row through this one.
  `create index quarantine_dismissed_idx on quarantine ((array[pipeline, payload_hash])) where resolution = 'dismissed'`,
];

/**
 * Going back to one unresolved row per payload: of several unresolved rows with one payload, the
 * newest stays open and the others are closed as retried by their own run (resolved_run_id), which
 * the earlier schema can represent.
 */
const DOWN = [
  `update quarantine q set resolved_at = now(), resolved_run_id = q.run_id, resolution = 'retried'
   where q.resolved_at is null and exists (
     select 1 from quarantine newer
     where newer.pipeline = q.pipeline and newer.payload_hash = q.payload_hash and newer.resolved_at is null and newer.id > q.id)`,
  `drop index quarantine_dismissed_idx`,
  `drop index quarantine_natural_key_idx`,
  `drop index quarantine_record_idx`,
  `create unique index quarantine_payload_idx on quarantine (pipeline, payload_hash) where resolved_at is null`,
  `alter table quarantine drop constraint quarantine_resolution_source_check`,
  `alter table quarantine drop constraint quarantine_resolution_check`,
  `alter table quarantine drop column resolution_note`,
  `alter table quarantine drop column resolution`,
  `alter table quarantine drop column natural_key`,
];

// Migrations run before the typed schema exists, so they take an untyped instance.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
