import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './column-types.ts';

/**
 * A source row a run did not load because another row of the same batch has the same natural key
 * and different content: which line lost, which line won, and why.
 */
export interface RunDuplicatesTable {
  id: Generated<number>;
  run_id: string;
  pipeline: string;
  line: number | null;
  kept_line: number | null;
  natural_key: string;
  reason: string;
  created_at: Timestamp;
}

export type RunDuplicateRow = Selectable<RunDuplicatesTable>;
