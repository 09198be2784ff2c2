import type { Generated, Selectable } from 'kysely';
import type { QuarantineReason } from '../../schemas/types.ts';
import type { NullableJson, NullableTimestamp, Timestamp } from './column-types.ts';

/**
 * How a quarantined record was closed: a later sync loaded its natural key (`reloaded`), `quarantine
 * retry` loaded it (`retried`), or someone closed it by hand (`dismissed`).
 */
export type QuarantineResolution = 'reloaded' | 'retried' | 'dismissed';

export interface QuarantineTable {
  id: Generated<number>;
  run_id: string;
  pipeline: string;
  line: number | null;
  raw: NullableJson<unknown>;
  /** sha-256 of the raw payload as received; with the line, the identity of an unresolved row. */
  payload_hash: string;
  /** The record's natural key when it could be read despite the bad field: a later load of that key resolves the row. */
  natural_key: string | null;
  reason: QuarantineReason;
  path: string | null;
  message: string;
  details: NullableJson<unknown>;
  created_at: Timestamp;
  resolved_at: NullableTimestamp;
  /** The run that loaded the record (reloaded, retried); null for a dismissal. */
  resolved_run_id: string | null;
  resolution: QuarantineResolution | null;
  /** Why a row was dismissed by hand. */
  resolution_note: string | null;
  /** The source's column names in its header order (jsonb keeps `raw` keys in an order of its own); null when unknown. */
  source_columns: NullableJson<string[]>;
}

export type QuarantineRow = Selectable<QuarantineTable>;
