import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { SigningKeyRow } from './tables/signing-keys.ts';

/** Every published key, newest first; retired ones stay so that their receipts still verify. */
export async function listSigningKeys(db: Kysely<Database>): Promise<SigningKeyRow[]> {
  return db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').orderBy('kid').execute();
}

/**
 * Publishes `kid` as the key receipts are now signed with and retires the others, in one
 * transaction; publishing a key already known changes nothing but un-retires it.
 */
export async function publishSigningKey(db: Kysely<Database>, kid: string, publicJwk: Record<string, string>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('signing_keys')
      .values({ kid, public_jwk: JSON.stringify(publicJwk) })
      .onConflict((oc) => oc.column('kid').doUpdateSet({ retired_at: null }))
      .execute();
    await trx.updateTable('signing_keys').set({ retired_at: sql<Date>`now()` }).where('kid', '!=', kid).where('retired_at', 'is', null).execute();
  });
}

/** Publishes a key found in a key file but not in the catalogue, without retiring the others. */
export async function addSigningKeyIfMissing(db: Kysely<Database>, kid: string, publicJwk: Record<string, string>): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values({ kid, public_jwk: JSON.stringify(publicJwk) })
    .onConflict((oc) => oc.column('kid').doNothing())
    .execute();
}
