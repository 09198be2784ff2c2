/**
 * Property-based abuse of the lookup API: fast-check generates requests to every route —
 * hostile path parameters, query strings, headers and bodies, identity numbers in every
 * spelling, and every kind of credential (none, unknown, malformed, revoked, wrong scope,
 * valid) — and each answer must be a 2xx or a 4xx, a 4xx in the `{error:{code,message}}`
 * shape. Every log line the server writes is scanned for the identity numbers that were sent.
 *
 * Runs on an embedded PGlite catalogue in a temp folder, removed afterwards. The reliability
 * suite runs a few hundred requests; a soak passes a large `numRuns`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { build } from '../../api/build.ts';
import { revokeClient } from '../../catalog/api-client-repository.ts';
import { loadCertificateBatch } from '../../catalog/load-certificates.ts';
import { loadMatterBatch } from '../../catalog/load-matters.ts';
import { openDatabase } from '../../catalog/open-database.ts';
import { startRun } from '../../catalog/run-repository.ts';
import { createLogger } from '../../core/log.ts';
import { createApiClient } from '../../lookups/create-api-client.ts';
import { residentIdCheck } from '../../schemas/formats/resident-id.ts';
import type { ReliabilityDriver } from './reliability-driver.ts';

export interface FuzzOptions {
  numRuns: number;
  /** fast-check seed, to replay a run; random when absent. */
  seed?: number;
}

export interface FuzzFigures {
  seed: number;
  requests: number;
  /** Answers by HTTP status. */
  byStatus: Record<string, number>;
  fiveHundreds: number;
  /** Log lines holding an identity number that a request sent, in any spelling. */
  idsInLogs: number;
  /** Answers that broke the contract (a 5xx, or a 4xx not in the error shape), the first few in full. */
  violations: { request: string; status: number; body: string }[];
}

const ISSUER = '11100000000013127D';
const MATTER = 'FUZZ-MATTER-1';
const HOLDER_ORG = '91440305EC8XLNH73M';
const AREAS = ['110105', '440305', '330102', '510104', '230301'];

const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A resident id with a right check digit, as 18 characters. */
const residentId = fc
  .record({
    area: fc.constantFrom(...AREAS),
    day: fc.date({ min: new Date('1940-01-01'), max: new Date('2008-12-31'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ area, day, seq }) => {
    const first17 = `${area}${day.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    return first17 + residentIdCheck(first17);
  });

const HOSTILE = [
  '',
  ' ',
  '%',
  '%E0%A4%A',
  '..',
  '../../etc/passwd',
  "' OR 1=1 --",
  '\u0000',
  'a\u0000b',
  '\u202Eexe.txt',
  '=cmd|"/c calc"!A1',
  '١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨',
  '①②③④⑤⑥⑦⑧⑨⑩',
  '¹²³⁴⁵⁶⁷⁸⁹',
  'x'.repeat(300),
  '9'.repeat(101),
  '\uFFFD',
  '\uD800',
  '{"$ne":null}',
  'null',
];

type Credential = 'valid' | 'reports' | 'revoked' | 'unknown' | 'none' | 'malformed';
const credential = fc.constantFrom<Credential>('valid', 'valid', 'valid', 'reports', 'revoked', 'unknown', 'none', 'malformed');

interface Keys {
  valid: string;
  reports: string;
  revoked: string;
}

/**
 * The text generators. Every resident id they put into a request is added to `sent`, so that
 * the log scan knows what must not appear.
 */
function textArbitraries(sent: Set<string>) {
  /** The ways a person types an id: as is, lower-case x, full-width, grouped, a broken check digit, 17 digits. */
  const spelledId = fc.tuple(residentId, fc.integer({ min: 0, max: 6 })).map(([id, how]) => {
    sent.add(id).add(id.slice(0, 6) + id.slice(8, 17));
    const spelled = [
      id,
      id.toLowerCase(),
      fullWidth(id),
      `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
      `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`,
      id.slice(0, 17),
      `${id.slice(0, 6)}-${id.slice(6)}`,
    ][how]!;
    return { id, spelled };
  });

  /** Free text of every kind, including lone surrogates and control characters. */
  const anyText = fc.oneof(
    fc.constantFrom(...HOSTILE),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    spelledId.map((s) => s.spelled),
  );

  /** A value as it could appear in a URL: encoded when it can be, raw (and often invalid) otherwise. */
  const inUrl = fc.tuple(anyText, fc.boolean()).map(([text, encode]) => {
    if (!encode) return text.replace(/[/?#\s]/g, '');
    try {
      return encodeURIComponent(text);
    } catch {
      return text.replace(/[/?#\s]/g, '');
    }
  });

  /** Header values must be Latin-1 without CR or LF to be sent at all. */
  const headerValue = anyText.map((t) => t.replace(/[^\x20-\x7E\xA0-\xFF]/g, ''));
  return { spelledId, anyText, inUrl, headerValue };
}

function authHeaders(keys: Keys, which: Credential, purposeHeader: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (which === 'valid' || which === 'reports' || which === 'revoked') headers.authorization = `Bearer ${keys[which]}`;
  if (which === 'unknown') headers.authorization = 'Bearer ek_fuzz-unknown-key';
  if (which === 'malformed') headers.authorization = 'Bearer';
  if (purposeHeader !== undefined) headers['x-purpose'] = purposeHeader;
  return headers;
}

function requestArbitrary(keys: Keys, sent: Set<string>): fc.Arbitrary<InjectOptions> {
  const { spelledId, anyText, inUrl, headerValue } = textArbitraries(sent);
  const common = {
    cred: credential,
    purposeHeader: fc.option(
      fc.oneof(
        headerValue,
        anyText.map((t) => encodeURIComponentSafe(t)),
      ),
      { nil: undefined },
    ),
  };
  const query = fc.dictionary(fc.constantFrom('purpose', 'type', 'status', 'q', 'limit', 'x', 'purpose[]'), inUrl, { maxKeys: 4 });
  const qs = (q: Record<string, string>) =>
    Object.entries(q)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');

  const holder = fc
    .record({
      ...common,
      holder: fc.oneof(
        spelledId.map((s) => ({ seg: encodeURIComponentSafe(s.spelled) })),
        inUrl.map((seg) => ({ seg })),
      ),
      query,
    })
    .map(({ cred, purposeHeader, holder: h, query: q }) => ({
      method: 'GET' as const,
      url: `/v1/holders/${h.seg}/certificates?${qs(q)}`,
      headers: authHeaders(keys, cred, purposeHeader),
    }));
  const certificate = fc.record({ ...common, parts: fc.tuple(inUrl, inUrl, inUrl), query }).map(({ cred, purposeHeader, parts, query: q }) => ({
    method: 'GET' as const,
    url: `/v1/certificates/${parts.join('/')}?${qs(q)}`,
    headers: authHeaders(keys, cred, purposeHeader),
  }));
  const body = fc.oneof(
    fc.record(
      {
        matter_code: fc.oneof(fc.constant(MATTER), anyText),
        holder_id: fc.oneof(
          spelledId.map((s) => s.spelled),
          fc.constant(HOLDER_ORG),
          anyText,
        ),
        purpose: fc.oneof(
          anyText,
          spelledId.map((s) => `为 ${s.spelled} 办理`),
        ),
        extra: anyText,
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue(),
  );
  const check = fc
    .record({
      ...common,
      body,
      raw: fc.option(fc.constantFrom('{"matter_code":', '[', 'null', '\u0000', '{"a":1}{"b":2}'), { nil: undefined }),
      type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
    })
    .map(({ cred, purposeHeader, body: b, raw, type }) => ({
      method: 'POST' as const,
      url: '/v1/checks',
      headers: { ...authHeaders(keys, cred, purposeHeader), 'content-type': type },
      payload: raw ?? JSON.stringify(b),
    }));
  const matters = fc.record({ cred: credential, code: fc.option(inUrl, { nil: undefined }), query }).map(({ cred, code, query: q }) => ({
    method: 'GET' as const,
    url: code === undefined ? `/v1/matters?${qs(q)}` : `/v1/matters/${code}`,
    headers: authHeaders(keys, cred, undefined),
  }));
  const open = fc
    .record({
      path: fc.constantFrom('/healthz', '/readyz', '/openapi.json', '/v2/nothing', '/v1/holders', '/'),
      method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'),
    })
    .map(({ path: p, method }) => ({ method: method as InjectOptions['method'], url: p }));
  return fc.oneof(holder, certificate, check, matters, open);
}

function encodeURIComponentSafe(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, ''));
  }
}

/** Log text as a reader would see it: NFKC, percent-escapes decoded where they decode, separators gone. */
function readable(text: string): string {
  const decoded = text.normalize('NFKC').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return ' ';
    }
  });
  return decoded
    .normalize('NFKC')
    .replace(/[\s+-]/g, '')
    .toUpperCase();
}

/** Whether a line holds one of `ids` (18 characters) or its legacy 15-digit form, however written. */
function holdsId(line: string, ids: ReadonlySet<string>): boolean {
  for (const run of readable(line).match(/[0-9X]{15,}/g) ?? []) {
    for (let i = 0; i + 15 <= run.length; i++) {
      if (ids.has(run.slice(i, i + 18)) || ids.has(run.slice(i, i + 15))) return true;
    }
  }
  return false;
}

const MAX_VIOLATIONS = 10;

/** Runs `numRuns` generated requests against a fresh hub and returns what happened. */
export async function fuzzApi(options: FuzzOptions): Promise<FuzzFigures> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-fuzz-'));
  const sent = new Set<string>();
  let idsInLogs = 0;
  const logStream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line !== '' && holdsId(line, sent)) idsInLogs++;
      done();
    },
  });
  const catalog = await openDatabase({ storeDir: path.join(dir, '.ecert') }, { migrate: true });
  try {
    const db = catalog.db;
    const runId = await startRun(db, { pipeline: 'fuzz', trigger: 'fuzz' });
    await loadCertificateBatch(db, {
      runId,
      pipeline: 'fuzz',
      priority: 0,
      disposition: 'merge',
      records: [
        {
          cert_type_code: 'scjg-yyzz',
          cert_number: 'FUZZ-1',
          issuer_code: ISSUER,
          issuer_name: '市场监督管理局',
          holder_kind: 'organisation',
          holder_id_type: '001',
          holder_id: HOLDER_ORG,
          holder_name: '模糊测试有限公司',
          issued_on: '2020-01-15',
          valid_from: '2020-01-15',
          valid_until: null,
          status: 'valid',
          surface: {},
          source_updated_at: null,
          cert_identifier: null,
        },
      ],
      quarantine: [],
      counts: { read: 1, duplicates: 0 },
    });
    await loadMatterBatch(db, {
      runId,
      pipeline: 'fuzz',
      records: [
        {
          matter_code: MATTER,
          local_code: null,
          name: '模糊测试事项',
          matter_type: '01',
          dept_code: ISSUER,
          division_code: '110000',
          materials: [
            { material_code: `${MATTER}-M1`, name: '营业执照', required: true, accepted_cert_types: ['scjg-yyzz'], form: null, source_channel: null },
          ],
        },
      ],
      quarantine: [],
      counts: { read: 1, duplicates: 0 },
    });
    const keys: Keys = {
      valid: (await createApiClient(db, 'fuzz-all', ['certificates:read', 'checks:run'])).key,
      reports: (await createApiClient(db, 'fuzz-reports', ['reports:read'])).key,
      revoked: '',
    };
    const revoked = await createApiClient(db, 'fuzz-revoked', ['certificates:read', 'checks:run']);
    await revokeClient(db, revoked.id);
    keys.revoked = revoked.key;

    const app = await build({
      db,
      holderHashKey: 'fuzz-holder-hash-key-0123456789',
      logger: createLogger({ level: 'info', destination: logStream }),
      rateLimit: { max: 1_000_000, timeWindow: 60_000 },
      today: () => new Date('2026-11-23T12:00:00+08:00'),
    });
    const figures: FuzzFigures = { seed, requests: 0, byStatus: {}, fiveHundreds: 0, idsInLogs: 0, violations: [] };
    try {
      for (const request of fc.sample(requestArbitrary(keys, sent), { numRuns: options.numRuns, seed })) {
        const res = await app.inject(request);
        figures.requests++;
        figures.byStatus[res.statusCode] = (figures.byStatus[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 500) figures.fiveHundreds++;
        if (!answersByContract(res.statusCode, res.body) && figures.violations.length < MAX_VIOLATIONS) {
          figures.violations.push({
            request: `${request.method ?? 'GET'} ${request.url} ${JSON.stringify(request.payload ?? '')}`.slice(0, 500),
            status: res.statusCode,
            body: res.body.slice(0, 500),
          });
        }
      }
    } finally {
      await app.close();
    }
    figures.idsInLogs = idsInLogs;
    return figures;
  } finally {
    await catalog.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function answersByContract(status: number, body: string): boolean {
  if (status >= 500) return false;
  if (status < 400) return true;
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof error?.code === 'string' && error.code.startsWith('HUB_ERR_') && typeof error.message === 'string';
  } catch {
    return false;
  }
}

export const fuzzApiDriver: ReliabilityDriver = {
  name: 'fuzz-api',
  checks: 'every route answers hostile params, headers, bodies and credentials with 2xx/4xx in the error shape, and no identity number reaches the logs',
  async run(ctx) {
    const f = await fuzzApi({ numRuns: ctx.quick ? 400 : 20_000 });
    const statuses = Object.entries(f.byStatus)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ');
    return {
      tried: `${f.requests} fuzzed requests`,
      hostileRecords: 0,
      faultsInjected: f.requests,
      faultsSurvived: f.requests - f.violations.length,
      lost: f.fiveHundreds,
      ok: f.violations.length === 0 && f.fiveHundreds === 0 && f.idsInLogs === 0,
      notes: `seed ${f.seed}; answers ${statuses}; ${f.fiveHundreds} 5xx, ${f.violations.length} outside the error shape, ${f.idsInLogs} log lines with an identity number`,
    };
  },
};
