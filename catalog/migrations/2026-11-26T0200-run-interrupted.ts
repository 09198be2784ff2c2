import { sql, type Kysely } from 'kysely';

/**
 * A run can end `interrupted`: stopped by SIGINT/SIGTERM after its current batch, or found
 * still `running` after its process died. One statement per entry (PGlite's extended protocol).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table runs drop constraint runs_status_check`.execute(db);
  await sql`alter table runs add constraint runs_status_check check (status in ('running', 'succeeded', 'failed', 'interrupted'))`.execute(db);
  // Every sync looks for runs left `running`; the ledger keeps growing, the running few do not.
  await sql`create index runs_running_idx on runs (pipeline) where status = 'running'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index runs_running_idx`.execute(db);
  await sql`update runs set status = 'failed' where status = 'interrupted'`.execute(db);
  await sql`alter table runs drop constraint runs_status_check`.execute(db);
  await sql`alter table runs add constraint runs_status_check check (status in ('running', 'succeeded', 'failed'))`.execute(db);
}
