import { sql, type Kysely } from 'kysely';

/**
 * The lookup log also records refused requests (401 with a revoked key, 403 without the
 * scope) of a known client, so that an auditor sees attempts next to answers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table lookup_log drop constraint lookup_log_kind_check`.execute(db);
  await sql`alter table lookup_log add constraint lookup_log_kind_check check (kind in ('holder', 'certificate', 'check', 'denied'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Rows of an append-only, hash-chained log are never deleted: `not valid` keeps the denied ones already written.
  await sql`alter table lookup_log drop constraint lookup_log_kind_check`.execute(db);
  await sql`alter table lookup_log add constraint lookup_log_kind_check check (kind in ('holder', 'certificate', 'check')) not valid`.execute(db);
}
