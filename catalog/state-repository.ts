import { sql, type Kysely } from 'kysely';
import type { Database } from './tables.ts';

export interface PipelineState {
  cursor: unknown;
  runId: string | null;
  updatedAt: Date;
}

export async function getState(db: Kysely<Database>, pipeline: string): Promise<PipelineState | undefined> {
  const row = await db.selectFrom('sync_state').selectAll().where('pipeline', '=', pipeline).executeTakeFirst();
  return row === undefined ? undefined : { cursor: row.cursor, runId: row.run_id, updatedAt: row.updated_at };
}

/** Outside a batch (e.g. `--full-refresh` clearing the cursor); batches write theirs in their own transaction. */
export async function setState(db: Kysely<Database>, pipeline: string, cursor: unknown, runId: string | null = null): Promise<void> {
  const json = cursor === undefined ? null : JSON.stringify(cursor);
  await db
    .insertInto('sync_state')
    .values({ pipeline, cursor: json, run_id: runId })
    .onConflict((oc) => oc.column('pipeline').doUpdateSet({ cursor: json, run_id: runId, updated_at: sql<Date>`now()` }))
    .execute();
}
