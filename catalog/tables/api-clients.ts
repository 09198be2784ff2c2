import type { Selectable } from 'kysely';
import type { NullableTimestamp, Timestamp } from './column-types.ts';

export interface ApiClientsTable {
  id: string;
  name: string;
  key_hash: string;
  scopes: string[];
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export type ApiClientRow = Selectable<ApiClientsTable>;
