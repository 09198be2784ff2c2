import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http, { type HttpConfig, type HttpPagination } from '../../../connectors/http/index.ts';
import { retryAfterMs } from '../../../connectors/http/fetch-page.ts';
import { NO_SYNC_STATE } from '../../../core/sync-state.ts';
import { type DepartmentApi, startDepartmentApi } from '../../../examples/department-api.ts';
import { captureLog } from '../../capture-log.ts';
import { checkCompliance, readBatches, readRecords, testContext } from '../compliance.ts';

let api: DepartmentApi;
beforeAll(async () => {
  api = await startDepartmentApi();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.requests.length = 0;
});

const config = (over: Partial<HttpConfig> = {}): HttpConfig => ({
  connector: 'http',
  url: `${api.url}/api/licences`,
  headers: { Authorization: `Bearer ${api.token}` },
  records_path: 'data.items',
  pagination: { type: 'page', page_param: 'page', size_param: 'size', size: 10 },
  timeout: '300ms',
  retries: 3,
  backoff: '5ms',
  max_wait: '50ms',
  ...over,
});

function loggingContext(): { ctx: ReturnType<typeof testContext>; text: () => string } {
  const { logger, text } = captureLog('debug');
  return { ctx: { ...testContext('.', 25), logger }, text };
}

const ids = (records: { data?: Record<string, unknown> }[]) => records.map((r) => r.data?.id);
const all = () => api.records.map((r) => r.id);

describe('http connector', () => {
  it('meets the connector contract', async () => {
    await checkCompliance({
      connector: http,
      config: config(),
      workspace: '.',
      rows: api.records.length,
      batchSize: 25,
      positionLine: (p) => (p as { line: number }).line,
    });
  });

  it.each<[string, HttpPagination, Partial<HttpConfig>]>([
    ['page numbers', { type: 'page', size: 7 }, {}],
    ['offset and limit', { type: 'offset', offset_param: 'offset', limit_param: 'limit', size: 9 }, {}],
    ['a next cursor', { type: 'cursor', cursor_path: 'data.next_cursor', cursor_param: 'cursor', size_param: 'limit', size: 11 }, {}],
    ['a next URL', { type: 'next_url', next_url_path: 'data.next', size_param: 'limit', size: 13 }, {}],
    ['POST bodies', { type: 'page', size: 10 }, { method: 'POST', body: { scope: 'all' } }],
  ])('reads every record once by %s', async (_name, pagination, over) => {
    const records = await readRecords(http, config({ pagination, ...over }), testContext('.', 20));
    expect(ids(records)).toEqual(all());
    expect(records.map((r) => r.line)).toEqual(all().map((_, i) => i + 1));
  });

  it('authenticates with a custom header, and fails on 401 without retrying', async () => {
    expect(await readRecords(http, config({ headers: { 'X-Api-Key': api.token } }), testContext('.', 200))).toHaveLength(api.records.length);
    api.requests.length = 0;
    const refused = await readBatches(http, config({ headers: { 'X-Api-Key': 'wrong' } }), NO_SYNC_STATE, testContext('.', 20)).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'HUB_ERR_SOURCE_HTTP_REFUSED' });
    expect((refused as Error).message).toMatch(/answered HTTP 401/);
    expect(api.requests).toHaveLength(0);
  });

  it('retries 500, 429, timeouts, truncated JSON, resets and a repeated page, never logging the token', async () => {
    api.inject({ kind: 'status' }, { at: 2 });
    api.inject({ kind: 'throttle', retryAfter: '0' }, { at: 4 });
    api.inject({ kind: 'slow', delayMs: 600 }, { at: 6 });
    api.inject({ kind: 'truncated' }, { at: 8 });
    api.inject({ kind: 'reset' }, { at: 10 });
    api.inject({ kind: 'duplicate' }, { at: 12 });
    const log = loggingContext();
    const records = await readRecords(http, config(), log.ctx);
    expect(ids(records)).toEqual(all());
    const retries = log.text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === 'source_retry');
    expect(retries.map((e) => e.reason)).toEqual([
      'HTTP 500',
      'HTTP 429',
      'no complete answer within 300 ms',
      expect.stringMatching(/^the answer is not valid JSON/),
      expect.stringMatching(/^network error/),
      'the answer repeats the previous page',
    ]);
    expect(log.text()).not.toContain(api.token);
  });

  it('fails with HUB_ERR_SOURCE_HTTP naming URL, status and attempts once the retries run out, hiding query secrets', async () => {
    api.inject({ kind: 'status', status: 503 }, { at: 2, times: 4 });
    const err = await readBatches(http, config({ query: { api_key: 'secret-in-query' } }), NO_SYNC_STATE, testContext('.', 10)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HUB_ERR_SOURCE_HTTP', transient: true, details: { status: 503, attempts: 4 } });
    expect((err as Error).message).toBe(`GET ${api.url}/api/licences?api_key=***&page=2&size=10 failed after 4 attempts: HTTP 503`);
  });

  it('retries an answer without records_path, then fails', async () => {
    const err = await readBatches(http, config({ records_path: 'data.rows', retries: 1 }), NO_SYNC_STATE, testContext('.', 10)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HUB_ERR_SOURCE_HTTP', details: { attempts: 2 } });
    expect((err as Error).message).toMatch(/no array at records_path "data.rows"/);
    expect(api.requests).toHaveLength(2);
  });

  it('waits as long as Retry-After asks, up to max_wait', async () => {
    api.inject({ kind: 'throttle', retryAfter: '1' });
    let started = Date.now();
    await readRecords(http, config({ max_wait: '5s', pagination: { type: 'none' }, records_path: 'data.items' }), testContext('.', 100));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    api.inject({ kind: 'throttle', retryAfter: '120' });
    started = Date.now();
    await readRecords(http, config({ pagination: { type: 'none' } }), testContext('.', 100));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('resumes after the last page that loaded and restarts when the request changed', async () => {
    const batches = await readBatches(http, config(), NO_SYNC_STATE, testContext('.', 20));
    const second = batches[1]!;
    const rest = await readRecords(http, config(), testContext('.', 20), { ...NO_SYNC_STATE, position: second.position, fingerprint: second.fingerprint });
    expect(ids(rest)).toEqual(all().slice(40));
    const changed = await readRecords(http, config({ query: { region: '360800' } }), testContext('.', 20), {
      ...NO_SYNC_STATE,
      position: second.position,
      fingerprint: second.fingerprint,
    });
    expect(changed).toHaveLength(api.records.length);
    expect(second.fingerprint).not.toContain(api.token);
  });

  it('sends the floor minus lag as incremental_param, and nothing without a floor', async () => {
    const ctx = { ...testContext('.', 100), incremental: { cursor: ['updated_at', 'id'], lag: '10m' } };
    const c = config({ incremental_param: 'updated_since', pagination: { type: 'none' } });
    await readRecords(http, c, ctx);
    expect(api.requests[0]!.params.updated_since).toBeUndefined();
    const floor = api.records[99]!.updated_at;
    const since = await readRecords(http, c, ctx, { ...NO_SYNC_STATE, floor: [floor, 100], max: [floor, 100], complete: true });
    expect(api.requests[1]!.params.updated_since).toBe(new Date(Date.parse(floor) - 600_000).toISOString());
    expect(ids(since)).toEqual(all().slice(89));
  });
});
