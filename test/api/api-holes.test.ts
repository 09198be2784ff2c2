import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely, KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeClient } from '../../catalog/api-client-repository.ts';
import type { Database } from '../../catalog/database.ts';
import { readLookups } from '../../catalog/lookup-log.ts';
import { hashApiKey, keyMatchesHash } from '../../lookups/api-key.ts';
import { createApiClient } from '../../lookups/create-api-client.ts';
import { captureLog } from '../capture-log.ts';
import { certificate, loadAsRun } from '../catalog/fixtures.ts';
import { forEachTarget } from '../setup.ts';
import { addKey, bearer, buildApp } from './api-fixture.ts';

const RESIDENT = '11010519491231002X';
/** A USCC whose check character is wrong, loaded as a feed with `identifier_check: warn` would. */
const WARNED_USCC = '91440305EC8XLNH73N';
const holderUrl = (id: string, query = 'purpose=p') => `/v1/holders/${encodeURIComponent(id)}/certificates?${query}`;

/** The same database, counting the queries that look up API keys. */
function countingKeyLookups(db: Kysely<Database>): { db: Kysely<Database>; count: () => number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node.from).includes('"api_clients"')) n++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), count: () => n };
}

/** Sends raw bytes to a listening app and returns what came back before it closed. */
function rawRequest(app: FastifyInstance, bytes: Buffer): Promise<string> {
  const { port } = app.server.address() as net.AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    let out = '';
    socket.on('data', (d) => (out += String(d)));
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
  });
}

function bodyOf(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

forEachTarget('API holes found by probing', (getCatalog) => {
  let app: FastifyInstance;
  const log = captureLog('info');
  const keys = { all: '', reports: '' };
  let db: Kysely<Database>;

  beforeAll(async () => {
    db = getCatalog().db;
    keys.all = await addKey(db, 'holes-all', ['certificates:read', 'checks:run']);
    keys.reports = await addKey(db, 'holes-reports', ['reports:read']);
    await loadAsRun(db, [certificate(1, { holder_id: WARNED_USCC }), certificate(2, { holder_id: 'E12345678', holder_kind: 'person', holder_id_type: '414' })]);
    app = await buildApp(db, { logger: log.logger });
  });
  afterAll(async () => {
    await app.close();
  });

  describe('purpose', () => {
    it('identity numbers in a purpose are masked before the lookup log stores it, and the answer says so', async () => {
      const given = '为 １１０１０５１９４９１２３１００２Ｘ 与 91440305EC8XLNH73M 办理';
      const res = await app.inject({ url: holderUrl(WARNED_USCC, `purpose=${encodeURIComponent(given)}`), headers: bearer(keys.all) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-purpose-masked']).toBe('true');
      const plain = await app.inject({ url: holderUrl(WARNED_USCC, 'purpose=plain'), headers: bearer(keys.all) });
      expect(plain.headers['x-purpose-masked']).toBe('false');
      const rows = await readLookups(db, { limit: 1000 });
      const stored = rows.map((r) => r.purpose).find((p) => p.startsWith('为'));
      expect(stored).toBe('为 110105********002X 与 914403********H73M 办理');
    });

    it('POST /v1/checks takes X-Purpose; the header wins over the body', async () => {
      const headers = { ...bearer(keys.all), 'x-purpose': encodeURIComponent('窗口核验 header') };
      const onlyHeader = await app.inject({ method: 'POST', url: '/v1/checks', headers, payload: { matter_code: 'NO-SUCH', holder_id: WARNED_USCC } });
      expect(onlyHeader.statusCode).toBe(404);
      expect(onlyHeader.headers['x-purpose-masked']).toBe('false');
      const both = await app.inject({ method: 'POST', url: '/v1/checks', headers, payload: { matter_code: 'NO-SUCH', holder_id: WARNED_USCC, purpose: 'body' } });
      expect(both.statusCode).toBe(404);
      const rows = await readLookups(db, { limit: 1000 });
      expect(rows.filter((r) => r.kind === 'check').map((r) => r.purpose)).toEqual(['窗口核验 header', '窗口核验 header']);
    });

    it('bidi controls and bytes that are not UTF-8 are refused with a clear message', async () => {
      const cases = [
        { url: holderUrl(WARNED_USCC, `purpose=${encodeURIComponent('办理\u202Etxt.exe')}`), headers: bearer(keys.all) },
        { url: holderUrl(WARNED_USCC, ''), headers: { ...bearer(keys.all), 'x-purpose': encodeURIComponent('a\u2066b') } },
        { method: 'POST' as const, url: '/v1/checks', headers: bearer(keys.all), payload: { matter_code: 'M', holder_id: WARNED_USCC, purpose: 'a\u200Fb' } },
        { url: holderUrl(WARNED_USCC, ''), headers: { ...bearer(keys.all), 'x-purpose': 'caf\u00e9' } },
        { url: holderUrl(WARNED_USCC, 'purpose=%EF%BF%BD'), headers: bearer(keys.all) },
      ];
      for (const options of cases) {
        const res = await app.inject(options);
        expect(res.statusCode, options.url).toBe(400);
        expect(res.json().error.code).toBe('HUB_ERR_VALIDATION');
        expect(res.json().error.message).toMatch(/bidirectional|UTF-8/);
      }
    });
  });

  describe('holder ids', () => {
    it.each([
      ['Arabic-Indic digits', '١١٠١٠٥١٩٤٩١٢٣١٠٠٢X'],
      ['Devanagari digits', '११०१०५१९४९१२३१००२X'],
      ['circled digits', '①①⓪①⓪⑤①⑨④⑨①②③①⓪⓪②X'],
      ['superscript digits', '¹¹⁰¹⁰⁵¹⁹⁴⁹¹²³¹⁰⁰²X'],
      // One foreign digit in an id without a check character (a passport number).
      ['an Arabic-Indic digit', 'E1234567٨'],
      ['a Devanagari digit', 'E1234567८'],
      ['a circled digit', 'E1234567⑧'],
      ['a superscript digit', 'E1234567⁸'],
    ])('a holder id with %s is a 400, not "holds nothing"', async (_name, id) => {
      const res = await app.inject({ url: holderUrl(id), headers: bearer(keys.all) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'HUB_ERR_VALIDATION', details: { field: 'holderId', reason: 'charset' } });
      expect(res.json().error.message).toMatch(/holds characters no holder id has/);
    });

    it.each([
      ['a resident id with a wrong check digit', '110105194912310021', /公民身份号码: check character should be X, found 1, unless another character was mistyped \(checksum\)/],
      ['a USCC with a wrong check character', '91440305EC8XLNH73A', /统一社会信用代码: check character should be M, found A, unless another character was mistyped \(checksum\)/],
      ['17 digits', '11010519491231002', /has 17 characters, expected 18/],
      ['abc', 'abc', /has no digit/],
    ])('%s is a 400 with the identifier error, on lookups and checks', async (_name, id, message) => {
      const lookup = await app.inject({ url: holderUrl(id), headers: bearer(keys.all) });
      expect(lookup.statusCode).toBe(400);
      expect(lookup.json().error.message).toMatch(message);
      const check = await app.inject({ method: 'POST', url: '/v1/checks', headers: bearer(keys.all), payload: { matter_code: 'M', holder_id: id, purpose: 'p' } });
      expect(check.statusCode).toBe(400);
      expect(check.json().error).toMatchObject({ code: 'HUB_ERR_VALIDATION', details: { field: 'holder_id' } });
    });

    it('ids the catalogue holds are answered even without a check character to pass (warned feeds, passports)', async () => {
      for (const id of [WARNED_USCC, 'e12345678', 'Ｅ１２３４５６７８']) {
        const res = await app.inject({ url: holderUrl(id), headers: bearer(keys.all) });
        expect(res.statusCode, id).toBe(200);
        expect(res.json().count).toBe(1);
      }
      const validButUnknown = await app.inject({ url: holderUrl(RESIDENT), headers: bearer(keys.all) });
      expect(validButUnknown.json()).toMatchObject({ count: 0 });
    });
  });

  describe('URLs', () => {
    it('a path parameter over 100 characters is refused for its length', async () => {
      const cases = [
        [holderUrl('9'.repeat(150)), 'params.holderId must NOT have more than 64 characters'],
        [`/v1/matters/${'A'.repeat(150)}`, 'params.code must NOT have more than 64 characters'],
        [`/v1/certificates/scjg-yyzz/11100000000013127D/${'N'.repeat(129)}?purpose=p`, 'params.number must NOT have more than 128 characters'],
        [holderUrl('9'.repeat(300)), 'A path parameter is longer than 256 characters; no code or id is that long'],
      ];
      for (const [url, message] of cases) {
        const res = await app.inject({ url: url!, headers: bearer(keys.all) });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error.message, url).toBe(message);
      }
    });

    it('raw UTF-8 and malformed query strings get the error shape, and identity numbers in the URL never reach the log', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const auth = `Authorization: Bearer ${keys.all}\r\nConnection: close\r\n\r\n`;
      const rawUtf8 = await rawRequest(app, Buffer.concat([Buffer.from('GET /v1/matters?q='), Buffer.from('营业执照'), Buffer.from(` HTTP/1.1\r\nHost: x\r\n${auth}`)]));
      expect(rawUtf8).toMatch(/^HTTP\/1.1 400/);
      expect(bodyOf(rawUtf8)).toEqual({ error: { code: 'HUB_ERR_VALIDATION', message: expect.stringMatching(/percent-encode/) } });
      const malformed = await rawRequest(app, Buffer.from(`GET /v1/matters?q=%E0%A4%A&%ZZ=1 HTTP/1.1\r\nHost: x\r\n${auth}`));
      expect((bodyOf(malformed) as { error: { code: string } }).error.code).toBe('HUB_ERR_VALIDATION');
      const fullWidth = encodeURIComponent('１１０１０５１９４９１２３１００２Ｘ');
      for (const path of [`/v1/holders/${RESIDENT}/certificates?purpose=%A5${RESIDENT}`, `/v1/holders/${fullWidth}/certificates?purpose=x&type=${fullWidth}`, `/v1/nothing/%20${RESIDENT}`]) {
        await rawRequest(app, Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\n${auth}`));
      }
      const text = log.text();
      expect(text).toContain('/v1/holders/');
      expect(text).not.toContain(RESIDENT);
      expect(text).not.toContain(fullWidth);
    });
  });

  describe('keys', () => {
    it('a flood of random keys costs at most the rate limit in key lookups, and a repeated unknown key none', async () => {
      const counting = countingKeyLookups(db);
      const limited = await buildApp(counting.db, { rateLimit: { max: 5, timeWindow: 60_000 } });
      try {
        const statuses = await Promise.all(
          Array.from({ length: 40 }, () => limited.inject({ url: '/v1/matters', headers: bearer(`ek_${randomBytes(16).toString('hex')}`) })),
        );
        expect(counting.count()).toBeLessThanOrEqual(5);
        expect(new Set(statuses.map((r) => r.statusCode))).toEqual(new Set([401, 429]));
        for (const r of statuses) expect(Object.keys(r.json().error)).toEqual(expect.arrayContaining(['code', 'message']));
      } finally {
        await limited.close();
      }
      const again = countingKeyLookups(db);
      const cached = await buildApp(again.db, { cacheMs: 0 });
      try {
        for (let i = 0; i < 5; i++) expect((await cached.inject({ url: '/v1/matters', headers: bearer('ek_same-unknown-key') })).statusCode).toBe(401);
        expect(again.count()).toBe(1);
        // A real key keeps working from the same address: its lookup is given back.
        for (let i = 0; i < 3; i++) expect((await cached.inject({ url: '/v1/matters', headers: bearer(keys.all) })).statusCode).toBe(200);
      } finally {
        await cached.close();
      }
    });

    it('a revoked key stops working within the documented cache time', async () => {
      const cacheMs = 300;
      const live = await buildApp(db, { cacheMs });
      try {
        const client = await createApiClient(db, 'revoked-soon', ['checks:run']);
        expect((await live.inject({ url: '/v1/matters', headers: bearer(client.key) })).statusCode).toBe(200);
        await revokeClient(db, client.id);
        await new Promise((r) => setTimeout(r, cacheMs + 50));
        expect((await live.inject({ url: '/v1/matters', headers: bearer(client.key) })).statusCode).toBe(401);
      } finally {
        await live.close();
      }
    });

    it('keys are compared by their hash, whole', () => {
      const key = 'ek_example';
      expect(keyMatchesHash(key, hashApiKey(key))).toBe(true);
      expect(keyMatchesHash('ek_examplf', hashApiKey(key))).toBe(false);
      expect(keyMatchesHash(key, hashApiKey(key).slice(0, 32))).toBe(false);
      expect(keyMatchesHash(key, '')).toBe(false);
    });

    it('refused requests are recorded with the client when known', async () => {
      const revoked = await createApiClient(db, 'holes-revoked', ['certificates:read']);
      await revokeClient(db, revoked.id);
      const reportsId = (await readLookups(db)).length;
      expect((await app.inject({ url: holderUrl(RESIDENT), headers: bearer(keys.reports) })).statusCode).toBe(403);
      expect((await app.inject({ url: holderUrl(RESIDENT), headers: bearer(revoked.key) })).statusCode).toBe(401);
      expect((await app.inject({ url: holderUrl(RESIDENT), headers: bearer('ek_nobody') })).statusCode).toBe(401);
      const denied = (await readLookups(db, { limit: 1000 })).slice(reportsId).filter((r) => r.kind === 'denied');
      expect(denied.map((r) => [r.client_id === revoked.id ? 'revoked' : 'reports', (r.result as { status: number }).status])).toEqual([
        ['reports', 403],
        ['revoked', 401],
      ]);
      expect(denied[0]!.result).toMatchObject({ code: 'HUB_ERR_FORBIDDEN', route: '/v1/holders/:holderId/certificates' });
      const events = log.events().filter((e) => e.event === 'access_denied');
      expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(['scope_missing', 'revoked_key', 'unknown_key']));
      expect(events.find((e) => e.reason === 'revoked_key')).toMatchObject({ client_id: revoked.id, client_name: 'holes-revoked', status: 401 });
      expect(events.find((e) => e.reason === 'unknown_key')).toMatchObject({ client_id: null, remote_address: expect.any(String) });
    });
  });

  describe('clients', () => {
    it('a flooding client does not starve another', async () => {
      const limited = await buildApp(db, { rateLimit: { max: 10, timeWindow: 60_000 } });
      try {
        const flooder = await addKey(db, 'flooder', ['checks:run']);
        const other = await addKey(db, 'other', ['checks:run']);
        const flood = Array.from({ length: 60 }, () => limited.inject({ url: '/v1/matters', headers: bearer(flooder) }));
        const polite = Array.from({ length: 5 }, () => limited.inject({ url: '/v1/matters', headers: bearer(other) }));
        const [flooded, served] = await Promise.all([Promise.all(flood), Promise.all(polite)]);
        expect(flooded.filter((r) => r.statusCode === 429).length).toBe(50);
        expect(served.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
      } finally {
        await limited.close();
      }
    });

    it('a client aborting its upload is logged as a client abort at info, not as a database failure', async () => {
      const watched = captureLog('info');
      const server = await buildApp(db, { logger: watched.logger });
      try {
        await server.listen({ port: 0, host: '127.0.0.1' });
        const { port } = server.server.address() as net.AddressInfo;
        await new Promise<void>((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => {
            socket.write(
              `POST /v1/checks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nAuthorization: Bearer ${keys.all}\r\n\r\n{"matter_code":`,
            );
            setTimeout(() => {
              socket.destroy();
              resolve();
            }, 100);
          });
        });
        await expect.poll(() => watched.events().some((e) => e.event === 'client_aborted'), { timeout: 3000 }).toBe(true);
        const events = watched.events();
        expect(events.find((e) => e.event === 'client_aborted')).toMatchObject({ level: 30, route: '/v1/checks' });
        expect(events.filter((e) => (e.level as number) >= 50)).toEqual([]);
        expect(watched.text()).not.toContain('HUB_ERR_DB_UNAVAILABLE');
      } finally {
        await server.close();
      }
    });
  });
});
