import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, NullableJson, Timestamp } from './column-types.ts';

/** `denied`: a refused request (401 revoked key, 403 missing scope) of a known client. */
export type LookupKind = 'holder' | 'certificate' | 'check' | 'denied';

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
  /** Who at the window asked (经办人), when the caller says. */
  operator: ColumnType<string | null, string | null | undefined, string | null>;
  /** The case it was asked for (办件编号), when the caller says. */
  case_no: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** [seq, row hash] of every row of the block, in seq order: names the row that was edited or removed. */
  row_hashes: Json<[number, string][]>;
  sealed_at: Timestamp;
}

export type LookupLogRow = Selectable<LookupLogTable>;
