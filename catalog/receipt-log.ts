import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { LookupLogRow } from './tables/lookup-log.ts';

/** The lookup-log row of the check that issued receipt `id`, if any. */
export async function findReceiptRow(db: Kysely<Database>, id: string): Promise<LookupLogRow | undefined> {
  return db
    .selectFrom('lookup_log')
    .selectAll()
    .where('receipts', 'is not', null)
    .where(sql<boolean>`receipts ? ${id}`)
    .executeTakeFirst();
}

/**
 * The rows logged for any of these holder hashes, oldest first, at most `limit` (one more is
 * read to tell whether there were more).
 */
export async function lookupsOfHolder(
  db: Kysely<Database>,
  holderHashes: string[],
  filter: { since?: Date | undefined; limit: number },
): Promise<{ rows: LookupLogRow[]; more: boolean }> {
  let q = db.selectFrom('lookup_log').selectAll().where('holder_hash', 'in', holderHashes);
  if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
  const rows = await q.orderBy('seq').limit(filter.limit + 1).execute();
  return { rows: rows.slice(0, filter.limit), more: rows.length > filter.limit };
}
