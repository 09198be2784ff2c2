import type { FastifyInstance, InjectOptions } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody, toHubError } from '../../api/error-handling.ts';
import { revokeClient } from '../../catalog/api-client-repository.ts';
import type { Database } from '../../catalog/database.ts';
import { createApiClient } from '../../lookups/create-api-client.ts';
import { forEachTarget } from '../setup.ts';
import { addKey, bearer, buildApp, truth } from './api-fixture.ts';

const HOLDER = truth.examples.valid;
const MATTER = truth.matters[0];
const INJECTION = "' OR 1=1 --";

const holderUrl = (id = HOLDER) => `/v1/holders/${encodeURIComponent(id)}/certificates?purpose=test`;

forEachTarget('API authentication, input checks and limits', (getCatalog) => {
  let app: FastifyInstance;
  const keys = { all: '', reports: '', certificates: '', checks: '', revoked: '' };
  const checkRequest = (key: string, payload: unknown): InjectOptions => ({ method: 'POST', url: '/v1/checks', headers: bearer(key), payload: payload as object });

  beforeAll(async () => {
    const db = getCatalog().db;
    keys.all = await addKey(db, 'all', ['certificates:read', 'checks:run', 'reports:read']);
    keys.reports = await addKey(db, 'reports', ['reports:read']);
    keys.certificates = await addKey(db, 'certificates', ['certificates:read']);
    keys.checks = await addKey(db, 'checks', ['checks:run']);
    const revoked = await createApiClient(db, 'gone', ['certificates:read', 'checks:run']);
    keys.revoked = revoked.key;
    expect(await revokeClient(db, revoked.id)).toBe(true);
    app = await buildApp(db);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('401 without a valid key', () => {
    it.each([
      ['no Authorization header', {}],
      ['an unknown key', bearer('ek_not-a-key')],
      ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['a revoked key', 'revoked'],
    ])('%s', async (_name, given) => {
      const headers = given === 'revoked' ? bearer(keys.revoked) : given;
      for (const options of [{ url: holderUrl(), headers }, { method: 'POST' as const, url: '/v1/checks', headers, payload: {} }, { url: `/v1/matters/${MATTER}`, headers }]) {
        const res = await app.inject(options);
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect(res.json()).toEqual({ error: { code: 'HUB_ERR_UNAUTHORIZED', message: expect.any(String) } });
      }
    });
  });

  it('a key revoked while the app runs stops working (at once with cacheMs 0)', async () => {
    const db = getCatalog().db;
    const live = await buildApp(db, { cacheMs: 0 });
    try {
      const client = await createApiClient(db, 'short-lived', ['checks:run']);
      expect((await live.inject({ url: '/v1/matters', headers: bearer(client.key) })).statusCode).toBe(200);
      await revokeClient(db, 'short-lived');
      expect((await live.inject({ url: '/v1/matters', headers: bearer(client.key) })).statusCode).toBe(401);
    } finally {
      await live.close();
    }
  });

  describe('403 without the scope', () => {
    it('a reports-only key may not read certificates, run checks or read matters', async () => {
      for (const options of [
        { url: holderUrl(), headers: bearer(keys.reports) },
        { url: '/v1/certificates/scjg-yyzz/11100000000013127D/X?purpose=t', headers: bearer(keys.reports) },
        checkRequest(keys.reports, { matter_code: MATTER, holder_id: HOLDER, purpose: 'p' }),
        { url: '/v1/matters?q=x', headers: bearer(keys.reports) },
      ]) {
        const res = await app.inject(options);
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('HUB_ERR_FORBIDDEN');
      }
    });

    it('holders need certificates:read, checks need checks:run, matters either', async () => {
      expect((await app.inject({ url: holderUrl(), headers: bearer(keys.checks) })).statusCode).toBe(403);
      expect((await app.inject(checkRequest(keys.certificates, { matter_code: MATTER, holder_id: HOLDER, purpose: 'p' }))).statusCode).toBe(403);
      expect((await app.inject({ url: holderUrl(), headers: bearer(keys.certificates) })).statusCode).toBe(200);
      expect((await app.inject(checkRequest(keys.checks, { matter_code: MATTER, holder_id: HOLDER, purpose: 'p' }))).statusCode).toBe(404);
      for (const key of [keys.certificates, keys.checks]) {
        expect((await app.inject({ url: '/v1/matters', headers: bearer(key) })).statusCode).toBe(200);
      }
    });
  });

  describe('400 for bad input, never 500', () => {
    it('a purpose is required for holder lookups, certificate reads and checks', async () => {
      const cases: InjectOptions[] = [
        { url: `/v1/holders/${HOLDER}/certificates`, headers: bearer(keys.all) },
        { url: `/v1/holders/${HOLDER}/certificates?purpose=%20%20`, headers: { ...bearer(keys.all), 'x-purpose': '' } },
        { url: '/v1/certificates/scjg-yyzz/11100000000013127D/X', headers: bearer(keys.all) },
        checkRequest(keys.all, { matter_code: MATTER, holder_id: HOLDER }),
        checkRequest(keys.all, { matter_code: MATTER, holder_id: HOLDER, purpose: '   ' }),
      ];
      for (const options of cases) {
        const res = await app.inject(options);
        expect(res.statusCode, String(options.url)).toBe(400);
        expect(res.json().error.code).toBe('HUB_ERR_PURPOSE_REQUIRED');
      }
    });

    it('a body that does not match the schema names the field', async () => {
      const missing = await app.inject(checkRequest(keys.all, { matter_code: MATTER, purpose: 'p' }));
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error).toMatchObject({ code: 'HUB_ERR_VALIDATION', details: { field: 'body.holder_id' } });
      const wrongType = await app.inject(checkRequest(keys.all, { matter_code: { code: MATTER }, holder_id: HOLDER, purpose: 'p' }));
      expect(wrongType.json().error).toMatchObject({ code: 'HUB_ERR_VALIDATION', details: { field: 'body.matter_code' } });
      const unknown = await app.inject(checkRequest(keys.all, { matter_code: MATTER, holder_id: HOLDER, purpose: 'p', holder_name: '张三' }));
      expect(unknown.json().error).toMatchObject({ code: 'HUB_ERR_VALIDATION', details: { field: 'body.holder_name' } });
      // The same words as for a record or a pipeline file with a key the schema does not have.
      expect(unknown.json().error.message).toBe('body.holder_name is not a field of this schema');
      const tooLong = await app.inject(checkRequest(keys.all, { matter_code: MATTER, holder_id: '9'.repeat(65), purpose: 'p' }));
      expect(tooLong.json().error).toMatchObject({ code: 'HUB_ERR_VALIDATION', details: { field: 'body.holder_id' } });
      const badStatus = await app.inject({ url: `${holderUrl()}&status=gone`, headers: bearer(keys.all) });
      expect(badStatus.json().error).toMatchObject({ code: 'HUB_ERR_VALIDATION', details: { field: 'querystring.status' } });
    });

    it('malformed JSON, a non-object body and a wrong content type are 400', async () => {
      const headers = { ...bearer(keys.all), 'content-type': 'application/json' };
      for (const payload of ['{"matter_code":', '[1,2]', '"text"', '']) {
        const res = await app.inject({ method: 'POST', url: '/v1/checks', headers, payload });
        expect(res.statusCode, payload).toBe(400);
        expect(res.json().error.code).toBe('HUB_ERR_VALIDATION');
      }
      const text = await app.inject({ method: 'POST', url: '/v1/checks', headers: { ...bearer(keys.all), 'content-type': 'text/plain' }, payload: 'x' });
      expect(text.statusCode).toBe(400);
    });

    it('SQL-injection-looking input is 400 or 404, never 500', async () => {
      const cases: InjectOptions[] = [
        { url: holderUrl(INJECTION), headers: bearer(keys.all) },
        { url: `/v1/holders/${HOLDER}/certificates?purpose=${encodeURIComponent(INJECTION)}&type=${encodeURIComponent("x'--")}`, headers: bearer(keys.all) },
        checkRequest(keys.all, { matter_code: INJECTION, holder_id: HOLDER, purpose: 'p' }),
        checkRequest(keys.all, { matter_code: MATTER, holder_id: INJECTION, purpose: INJECTION }),
        { url: `/v1/matters/${encodeURIComponent(INJECTION)}`, headers: bearer(keys.all) },
        { url: `/v1/matters?q=${encodeURIComponent("%' OR '1'='1")}`, headers: bearer(keys.all) },
        { url: `/v1/certificates/${encodeURIComponent(INJECTION)}/${encodeURIComponent(INJECTION)}/${encodeURIComponent(INJECTION)}?purpose=p`, headers: bearer(keys.all) },
        { url: `/v1/certificates/scjg-yyzz/11100000000013127D/${encodeURIComponent(INJECTION)}?purpose=p`, headers: bearer(keys.all) },
      ];
      for (const options of cases) {
        const res = await app.inject(options);
        expect([200, 400, 404], String(options.url)).toContain(res.statusCode);
        expect(res.json().error?.code ?? 'none').not.toBe('HUB_ERR_INTERNAL');
      }
      expect((await app.inject(cases[0]!)).statusCode).toBe(400);
      expect((await app.inject(cases[2]!)).statusCode).toBe(404);
      const search = await app.inject(cases[5]!);
      expect(search.json()).toEqual({ matters: [] });
    });

    it('NUL bytes, control characters and broken percent-encoding are 400', async () => {
      const cases: InjectOptions[] = [
        { url: '/v1/holders/9144%0003/certificates?purpose=p', headers: bearer(keys.all) },
        { url: `/v1/holders/${HOLDER}/certificates?purpose=a%00b`, headers: bearer(keys.all) },
        { url: `/v1/holders/${HOLDER}/certificates`, headers: { ...bearer(keys.all), 'x-purpose': 'a%00b' } },
        { url: `/v1/holders/${HOLDER}/certificates`, headers: { ...bearer(keys.all), 'x-purpose': '%E0%A4%A' } },
        { url: '/v1/certificates/scjg-yyzz/11100000000013127D/A%00B?purpose=p', headers: bearer(keys.all) },
        { url: '/v1/matters/A%00B', headers: bearer(keys.all) },
        { url: '/v1/holders/%E0%A4%A/certificates?purpose=p', headers: bearer(keys.all) },
        checkRequest(keys.all, { matter_code: 'A\u0000B', holder_id: HOLDER, purpose: 'p' }),
        checkRequest(keys.all, { matter_code: MATTER, holder_id: HOLDER, purpose: 'a\u0000b' }),
      ];
      for (const options of cases) {
        const res = await app.inject(options);
        expect(res.statusCode, `${options.url} ${JSON.stringify(options.payload ?? '')}`).toBe(400);
        expect(res.json().error.code).toBe('HUB_ERR_VALIDATION');
      }
    });

    it('an unknown route is 404 in the error shape', async () => {
      for (const url of ['/v2/nothing', `/v1/holders/${HOLDER}`]) {
        const res = await app.inject({ url, headers: bearer(keys.all) });
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('HUB_ERR_NOT_FOUND');
      }
    });
  });

  describe('limits', () => {
    it('429 with Retry-After once a client used its requests, counted per client', async () => {
      const db = getCatalog().db;
      const limited = await buildApp(db, { rateLimit: { max: 3, timeWindow: 60_000 } });
      try {
        const a = await addKey(db, 'limit-a', ['checks:run']);
        const b = await addKey(db, 'limit-b', ['checks:run']);
        for (let i = 0; i < 3; i++) expect((await limited.inject({ url: '/v1/matters', headers: bearer(a) })).statusCode).toBe(200);
        const over = await limited.inject({ url: '/v1/matters', headers: bearer(a) });
        expect(over.statusCode).toBe(429);
        expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
        expect(over.json()).toEqual({
          error: { code: 'HUB_ERR_RATE_LIMITED', message: expect.any(String), details: { limit: 3, retry_after_seconds: expect.any(Number) } },
        });
        expect((await limited.inject({ url: '/v1/matters', headers: bearer(b) })).statusCode).toBe(200);
        expect((await limited.inject({ url: '/healthz' })).statusCode).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it('requests without a valid key are counted by IP', async () => {
      const limited = await buildApp(getCatalog().db, { rateLimit: { max: 2, timeWindow: 60_000 } });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await limited.inject({ url: '/v1/matters', headers: bearer('ek_wrong') })).statusCode);
        expect(statuses).toEqual([401, 401, 429]);
      } finally {
        await limited.close();
      }
    });

    it('an oversized body is 400 HUB_ERR_BODY_TOO_LARGE (64 KiB by default, configurable)', async () => {
      const big = { matter_code: MATTER, holder_id: HOLDER, purpose: 'x'.repeat(70 * 1024) };
      const res = await app.inject(checkRequest(keys.all, big));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('HUB_ERR_BODY_TOO_LARGE');
      const small = await buildApp(getCatalog().db, { bodyLimit: 1024 });
      try {
        const over = await small.inject(checkRequest(keys.all, { ...big, purpose: 'x'.repeat(2048) }));
        expect(over.json().error.code).toBe('HUB_ERR_BODY_TOO_LARGE');
      } finally {
        await small.close();
      }
    });
  });
});

describe('error mapping', () => {
  it('anything unexpected is 500 HUB_ERR_INTERNAL without its message or stack', () => {
    const err = toHubError(new TypeError('secret detail at /srv/x.ts:1'));
    expect(err.status).toBe(500);
    expect(errorBody(err)).toEqual({ error: { code: 'HUB_ERR_INTERNAL', message: 'Internal error' } });
  });

  it('an unreachable catalogue is 503 on /readyz and on lookups, in the error shape', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 2000 });
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const app = await buildApp(db);
    try {
      expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ error: { code: 'HUB_ERR_DB_UNAVAILABLE', message: expect.any(String) } });
      const lookup = await app.inject({ url: holderUrl(), headers: bearer('ek_any') });
      expect(lookup.statusCode).toBe(503);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
