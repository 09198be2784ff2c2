import { sql, type Kysely } from 'kysely';
import type { QuarantineReason } from '../schemas/types.ts';
import type { Database, QuarantineRow } from './tables.ts';

export interface QuarantineFilter {
  pipeline?: string | undefined;
  reason?: QuarantineReason | undefined;
  unresolvedOnly?: boolean | undefined;
  limit?: number | undefined;
}

/** Oldest first, so a retry works through records in source order. */
export async function listQuarantine(db: Kysely<Database>, filter: QuarantineFilter = {}): Promise<QuarantineRow[]> {
  let q = db.selectFrom('quarantine').selectAll();
  if (filter.pipeline !== undefined) q = q.where('pipeline', '=', filter.pipeline);
  if (filter.reason !== undefined) q = q.where('reason', '=', filter.reason);
  if (filter.unresolvedOnly) q = q.where('resolved_at', 'is', null);
  return q.orderBy('id').limit(filter.limit ?? 100).execute();
}

export async function getQuarantine(db: Kysely<Database>, id: number): Promise<QuarantineRow | undefined> {
  return db.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks records as fixed by `runId`; already-resolved ones keep their first resolution. Returns how many changed. */
export async function resolveQuarantine(db: Kysely<Database>, ids: number[], runId: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('quarantine')
    .set({ resolved_at: sql<Date>`now()`, resolved_run_id: runId })
    .where('id', 'in', ids)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
