import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import { findKeyOwner } from '../catalog/api-client-repository.ts';
import type { Database } from '../catalog/database.ts';
import { HubError } from '../core/errors.ts';
import { hashApiKey, keyMatchesHash } from '../lookups/api-key.ts';
import type { LookupContext } from '../lookups/lookup-context.ts';
import { recordDenial } from '../lookups/record-denial.ts';
import type { Scope } from '../lookups/scopes.ts';
import { createUnknownKeyGuard } from './unknown-key-guard.ts';

export interface AuthClient {
  id: string;
  name: string;
  scopes: readonly string[];
}

/** The client a key belongs to, and whether the key still works. */
interface KeyOwner {
  client: AuthClient;
  revoked: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs an API key holding any one of these scopes; routes without it are open. */
    scopes?: readonly Scope[];
  }
  interface FastifyRequest {
    /** The API client the bearer key belongs to; null when absent, unknown or revoked. */
    client: AuthClient | null;
    /** Whose key a request with a revoked key carried, so that the refusal names the client. */
    revokedClient: AuthClient | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const MAX_CACHED_KEYS = 10_000;
/** How long a key hash that belongs to no client is answered from memory. */
export const UNKNOWN_KEY_TTL_MS = 30_000;

export function requiredScopes(request: FastifyRequest): readonly Scope[] | undefined {
  return request.routeOptions.config.scopes;
}

export interface AuthOptions {
  /** How long a key's client (and its revocation state) is reused; 0 reads it on every request. */
  cacheMs: number;
  /** Lookups of unknown keys allowed per address and window, before any database work. */
  unknownKeys: { max: number; windowMs: number };
  ctx: LookupContext;
}

/**
 * Bearer-key authentication in two steps: the client is identified first (onRequest), so that
 * the rate limit can count per client, and refused afterwards (preValidation), so that a
 * request with a bad key is still counted, by address. A known key is remembered for `cacheMs`,
 * saving a query per request; a revocation therefore takes effect within that time. A key that
 * belongs to no client costs a query only while its address has unknown-key lookups left, and
 * is then remembered as unknown for UNKNOWN_KEY_TTL_MS.
 */
export function registerAuth(app: FastifyInstance, db: Kysely<Database>, options: AuthOptions): void {
  const owners = options.cacheMs > 0 ? new LRUCache<string, KeyOwner>({ max: MAX_CACHED_KEYS, ttl: options.cacheMs }) : undefined;
  const inFlight = new Map<string, Promise<KeyOwner | undefined>>();
  const guard = createUnknownKeyGuard({ ...options.unknownKeys, unknownTtlMs: UNKNOWN_KEY_TTL_MS });

  async function readOwner(key: string, keyHash: string): Promise<KeyOwner | undefined> {
    const row = await findKeyOwner(db, keyHash);
    if (row === undefined || !keyMatchesHash(key, row.key_hash)) return undefined;
    const owner = { client: { id: row.id, name: row.name, scopes: row.scopes }, revoked: row.revoked_at !== null };
    owners?.set(keyHash, owner);
    return owner;
  }

  async function ownerOf(key: string, address: string): Promise<KeyOwner | undefined> {
    const keyHash = hashApiKey(key);
    const cached = owners?.get(keyHash);
    if (cached !== undefined) return cached;
    if (guard.knownUnknown(keyHash)) return undefined;
    const pending = inFlight.get(keyHash);
    if (pending !== undefined) return pending;
    if (!guard.take(address)) {
      throw new HubError('HUB_ERR_RATE_LIMITED', 'Too many requests with unknown API keys from this address; retry later', {
        retry_after_seconds: guard.retryAfterSeconds(address),
      });
    }
    const lookup = readOwner(key, keyHash).finally(() => inFlight.delete(keyHash));
    inFlight.set(keyHash, lookup);
    const owner = await lookup;
    if (owner === undefined) guard.markUnknown(keyHash);
    else guard.giveBack(address);
    return owner;
  }

  async function deny(request: FastifyRequest, err: HubError, reason: string, client: AuthClient | null): Promise<never> {
    const route = request.routeOptions.url ?? '';
    request.log.warn(
      {
        event: 'access_denied',
        status: err.status,
        code: err.code,
        reason,
        client_id: client?.id ?? null,
        client_name: client?.name ?? null,
        remote_address: request.ip,
        method: request.method,
        route,
      },
      `${request.method} ${route} refused (${reason})`,
    );
    if (client !== null) {
      await recordDenial(options.ctx, { clientId: client.id, status: err.status, code: err.code, method: request.method, route });
    }
    throw err;
  }

  app.decorateRequest('client', null);
  app.decorateRequest('revokedClient', null);

  app.addHook('onRequest', async (request, reply) => {
    if (requiredScopes(request) === undefined) return;
    const key = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (key === undefined) return;
    try {
      const owner = await ownerOf(key, request.ip);
      if (owner === undefined) return;
      if (owner.revoked) request.revokedClient = owner.client;
      else request.client = owner.client;
    } catch (err) {
      if (err instanceof HubError && err.code === 'HUB_ERR_RATE_LIMITED') {
        reply.header('retry-after', String((err.details as { retry_after_seconds: number }).retry_after_seconds));
      }
      throw err;
    }
  });

  app.addHook('preValidation', async (request) => {
    const scopes = requiredScopes(request);
    if (scopes === undefined) return;
    const client = request.client;
    if (client === null) {
      const unauthorized = new HubError('HUB_ERR_UNAUTHORIZED', 'Send a valid API key: Authorization: Bearer <key>');
      const revoked = request.revokedClient;
      const reason = revoked !== null ? 'revoked_key' : request.headers.authorization === undefined ? 'no_key' : 'unknown_key';
      return deny(request, unauthorized, reason, revoked);
    }
    if (!scopes.some((s) => client.scopes.includes(s))) {
      const forbidden = new HubError('HUB_ERR_FORBIDDEN', `This API key needs the scope ${scopes.join(' or ')}`, { required_any_of: scopes });
      return deny(request, forbidden, 'scope_missing', client);
    }
  });
}

/** The authenticated client of a route that needs scopes (set by the hooks above). */
export function clientOf(request: FastifyRequest): AuthClient {
  if (request.client === null) throw new HubError('HUB_ERR_UNAUTHORIZED');
  return request.client;
}
