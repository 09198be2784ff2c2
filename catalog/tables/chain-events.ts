import type { Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

/** What was done to the hash chains as a whole (a re-chaining when the hash rule changed), for auditors. */
export interface ChainEventsTable {
  id: Generated<number>;
  at: Timestamp;
  kind: string;
  details: Json<Record<string, unknown>>;
}

export type ChainEventRow = Selectable<ChainEventsTable>;
