/**
 * Where a pipeline stands with its source, as stored in `sync_state` and handed to its connector.
 * `position` belongs to the connector (opaque to the runner): where a read that stopped part-way
 * resumes. `floor` is the cursor of the last complete run, the only one a run filters on; `max` is
 * the highest cursor committed so far, which becomes the floor when the run completes.
 */
export interface SyncState {
  position: unknown;
  /** What the source looked like when `position` was taken: a resume only makes sense on the same source. */
  fingerprint: string | null;
  floor: unknown[] | null;
  max: unknown[] | null;
  complete: boolean;
}

export const NO_SYNC_STATE: Readonly<SyncState> = { position: null, fingerprint: null, floor: null, max: null, complete: false };
