import type { Kysely } from 'kysely';
import { createClient, listClients } from '../catalog/api-client-repository.ts';
import type { Database } from '../catalog/database.ts';
import { HubError } from '../core/errors.ts';
import { generateApiKey, hashApiKey } from './api-key.ts';
import type { Scope } from './scopes.ts';

export interface NewApiClient {
  id: string;
  name: string;
  /** Shown once; only its hash is stored. */
  key: string;
  scopes: Scope[];
}

const NAME = /^[^\s\u0000-\u001F\u007F][^\u0000-\u001F\u007F]{0,99}$/;

/** Registers a window system and returns its new key; names are unique, revoked clients included. */
export async function createApiClient(db: Kysely<Database>, name: string, scopes: Scope[]): Promise<NewApiClient> {
  const clean = name.trim();
  if (!NAME.test(clean)) throw new HubError('HUB_ERR_USAGE', 'a client name is 1 to 100 characters without control characters');
  const existing = (await listClients(db, { includeRevoked: true })).find((c) => c.name === clean);
  if (existing !== undefined) {
    const state = existing.revoked_at === null ? '' : ' (revoked)';
    throw new HubError('HUB_ERR_USAGE', `a client named "${clean}" already exists${state}; choose another name`);
  }
  const key = generateApiKey();
  const id = await createClient(db, { name: clean, keyHash: hashApiKey(key), scopes });
  return { id, name: clean, key, scopes };
}
