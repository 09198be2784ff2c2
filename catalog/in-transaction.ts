import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.ts';

/** Runs `work` in a new transaction, or in the caller's when `db` already is one. */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}
