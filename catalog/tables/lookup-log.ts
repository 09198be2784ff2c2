import type { Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

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
