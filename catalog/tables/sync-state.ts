import type { ColumnType } from 'kysely';
import type { NullableJson, Timestamp } from './column-types.ts';

export interface SyncStateTable {
  pipeline: string;
  /** The connector's own resume point; opaque here. */
  position: NullableJson<unknown>;
  fingerprint: string | null;
  /** Cursor tuple of the last complete run. */
  floor: NullableJson<unknown[]>;
  /** Highest cursor tuple committed so far. */
  max: NullableJson<unknown[]>;
  complete: ColumnType<boolean, boolean | undefined, boolean>;
  run_id: string | null;
  updated_at: Timestamp;
}
