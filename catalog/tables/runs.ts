import type { Selectable } from 'kysely';
import type { Counter, NullableJson, NullableTimestamp, Timestamp } from './column-types.ts';

/** `interrupted`: stopped by a signal after its current batch, or its process died mid-run. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface RunsTable {
  id: string;
  pipeline: string;
  status: RunStatus;
  trigger: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  read: Counter;
  inserted: Counter;
  updated: Counter;
  unchanged: Counter;
  duplicates: Counter;
  quarantined: Counter;
  error: NullableJson<unknown>;
}

export type RunRow = Selectable<RunsTable>;
