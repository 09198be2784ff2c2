import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { findClientByKeyHash } from '../catalog/api-client-repository.ts';
import type { Database } from '../catalog/database.ts';
import { HubError } from '../core/errors.ts';
import { readThroughCache } from '../core/read-through-cache.ts';
import { hashApiKey } from '../lookups/api-key.ts';
import type { Scope } from '../lookups/scopes.ts';

export interface AuthClient {
  id: string;
  name: string;
  scopes: readonly string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs an API key holding any one of these scopes; routes without it are open. */
    scopes?: readonly Scope[];
  }
  interface FastifyRequest {
    /** The API client the bearer key belongs to; null when absent, unknown or revoked. */
    client: AuthClient | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function requiredScopes(request: FastifyRequest): readonly Scope[] | undefined {
  return request.routeOptions.config.scopes;
}

/**
 * Bearer-key authentication in two steps: the client is identified first (onRequest), so that
 * the rate limit can count per client, and refused afterwards (preValidation), so that a
 * request with a bad key is still counted, by IP. A known key is remembered for `cacheMs`,
 * saving a query per request; a revocation therefore takes effect within that time.
 */
export function registerAuth(app: FastifyInstance, db: Kysely<Database>, options: { cacheMs: number }): void {
  const findClient = readThroughCache(async (keyHash: string): Promise<AuthClient | undefined> => {
    const row = await findClientByKeyHash(db, keyHash);
    return row === undefined ? undefined : { id: row.id, name: row.name, scopes: row.scopes };
  }, options.cacheMs);
  app.decorateRequest('client', null);

  app.addHook('onRequest', async (request) => {
    if (requiredScopes(request) === undefined) return;
    const key = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (key === undefined) return;
    request.client = (await findClient(hashApiKey(key))) ?? null;
  });

  app.addHook('preValidation', async (request) => {
    const scopes = requiredScopes(request);
    if (scopes === undefined) return;
    const client = request.client;
    if (client === null) throw new HubError('HUB_ERR_UNAUTHORIZED', 'Send a valid API key: Authorization: Bearer <key>');
    if (!scopes.some((s) => client.scopes.includes(s))) {
      throw new HubError('HUB_ERR_FORBIDDEN', `This API key needs the scope ${scopes.join(' or ')}`, { required_any_of: scopes });
    }
  });
}

/** The authenticated client of a route that needs scopes (set by the hooks above). */
export function clientOf(request: FastifyRequest): AuthClient {
  if (request.client === null) throw new HubError('HUB_ERR_UNAUTHORIZED');
  return request.client;
}
