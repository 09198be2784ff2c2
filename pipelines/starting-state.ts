import type { Kysely } from 'kysely';
import { getState } from '../catalog/state-repository.ts';
import type { Database } from '../catalog/database.ts';
import { NO_SYNC_STATE, type SyncState } from '../core/sync-state.ts';
import type { PipelineDefinition } from './definition.ts';

/** Where a run reads from: after the last committed batch of an unfinished run, else from the start. */
export async function startingState(db: Kysely<Database>, pipeline: PipelineDefinition, fullRefresh: boolean): Promise<SyncState> {
  const stored = fullRefresh ? undefined : await getState(db, pipeline.name);
  if (!stored) return NO_SYNC_STATE;
  const state: SyncState = { position: stored.position, fingerprint: stored.fingerprint, floor: stored.floor, max: stored.max, complete: stored.complete };
  // A snapshot (replace) is read whole: every key it lists must be seen by the run that cancels.
  const resume = !stored.complete && pipeline.write_disposition !== 'replace';
  return resume ? state : { ...state, position: null };
}
