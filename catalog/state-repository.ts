import { sql, type Kysely } from 'kysely';
import type { SyncState } from '../core/sync-state.ts';
import type { Database } from './database.ts';

export interface PipelineState extends SyncState {
  runId: string | null;
  updatedAt: Date;
}

export async function getState(db: Kysely<Database>, pipeline: string): Promise<PipelineState | undefined> {
  const row = await db.selectFrom('sync_state').selectAll().where('pipeline', '=', pipeline).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    position: row.position,
    fingerprint: row.fingerprint,
    floor: row.floor,
    max: row.max,
    complete: row.complete,
    runId: row.run_id,
    updatedAt: row.updated_at,
  };
}

/**
 * Writes a pipeline's state. Batches call it inside their own transaction, so the state moves
 * only when the batch's data commits; the end of a run calls it inside the finalising one.
 */
export async function setState(db: Kysely<Database>, pipeline: string, state: SyncState, runId: string | null = null): Promise<void> {
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  const values = {
    position: json(state.position),
    fingerprint: state.fingerprint,
    floor: json(state.floor),
    max: json(state.max),
    complete: state.complete,
    run_id: runId,
  };
  await db
    .insertInto('sync_state')
    .values({ pipeline, ...values })
    .onConflict((oc) => oc.column('pipeline').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
}
