import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { ApiClientRow } from './tables/api-clients.ts';

export async function createClient(db: Kysely<Database>, client: { name: string; keyHash: string; scopes: string[] }): Promise<string> {
  const id = randomUUID();
  await db.insertInto('api_clients').values({ id, name: client.name, key_hash: client.keyHash, scopes: client.scopes }).execute();
  return id;
}

/** The active client holding this key; revoked clients are not returned. */
export async function findClientByKeyHash(db: Kysely<Database>, keyHash: string): Promise<ApiClientRow | undefined> {
  return db.selectFrom('api_clients').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

/** The client holding this key, revoked or not: a revoked key is still refused, but an auditor learns whose it was. */
export async function findKeyOwner(db: Kysely<Database>, keyHash: string): Promise<ApiClientRow | undefined> {
  return db.selectFrom('api_clients').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function listClients(db: Kysely<Database>, options: { includeRevoked?: boolean } = {}): Promise<ApiClientRow[]> {
  let q = db.selectFrom('api_clients').selectAll();
  if (!options.includeRevoked) q = q.where('revoked_at', 'is', null);
  return q.orderBy('name').execute();
}

/** Revokes by id or name; false when no active client matched. */
export async function revokeClient(db: Kysely<Database>, idOrName: string): Promise<boolean> {
  const result = await db
    .updateTable('api_clients')
    .set({ revoked_at: sql<Date>`now()` })
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
