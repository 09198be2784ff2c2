import type { Generated, Selectable } from 'kysely';
import type { Json, NullableJson, Timestamp } from './column-types.ts';

export type LookupKind = 'holder' | 'certificate' | 'check';

export interface LookupLogTable {
  seq: Generated<number>;
  at: Timestamp;
  client_id: string;
  purpose: string;
  kind: LookupKind;
  matter_code: string | null;
  /** Keyed hash of the holder id; the raw id is never stored. */
  holder_hash: string | null;
  result: Json<unknown>;
  /** Receipts the check issued: receipt id → sha-256 of the token; null when none. */
  receipts: NullableJson<Record<string, string>>;
  block_id: number | null;
}

export interface LookupLogBlocksTable {
  id: number;
  first_seq: number;
  last_seq: number;
  row_count: number;
  prev_hash: string;
  hash: string;
  sealed_at: Timestamp;
}

export type LookupLogRow = Selectable<LookupLogTable>;
