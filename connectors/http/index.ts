import { createHash } from 'node:crypto';
import { HubError } from '../../core/errors.ts';
import type { SyncState } from '../../core/sync-state.ts';
import { parseDuration } from '../../core/parse-duration.ts';
import { type CheckResult, type ConnectorContext, defineConnector, type SourceBatch, type SourceRecord } from '../define-connector.ts';
import configSchema from './config.schema.json' with { type: 'json' };
import { type FetchOptions, fetchPage, type PageRequest, valueAt } from './fetch-page.ts';

export type HttpPagination =
  | { type: 'none' }
  | { type: 'page'; page_param?: string; size_param?: string; size?: number; start?: number }
  | { type: 'offset'; offset_param?: string; limit_param?: string; size?: number }
  | { type: 'cursor'; cursor_path: string; cursor_param?: string; size_param?: string; size?: number }
  | { type: 'next_url'; next_url_path: string; size_param?: string; size?: number };

export type HttpConfig = {
  connector: 'http';
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: Record<string, unknown>;
  records_path?: string;
  pagination?: HttpPagination;
  incremental_param?: string | null;
  timeout?: string;
  retries?: number;
  backoff?: string;
  max_wait?: string;
};

/**
 * Where the next page is: a page number, an offset, a cursor, or a URL; null before the first
 * page of a cursor / next-URL read, `end` once the source said there is no further page.
 */
type Next = number | string | null | { end: true };

/** What is stored as the position: records read so far (their running `line`), and the next page. */
interface HttpPosition {
  line: number;
  next: Next;
}

const DEFAULT_SIZE = 100;

function duration(text: string | undefined, fallback: string, key: string): number {
  const ms = parseDuration(text ?? fallback);
  if (ms === undefined) throw new HubError('HUB_ERR_CONFIG_INVALID', `source.${key}: "${text}" is not a duration such as 500ms, 30s or 2m`);
  return ms;
}

function pagination(config: HttpConfig): HttpPagination {
  return config.pagination ?? { type: 'none' };
}

function firstNext(p: HttpPagination): Next {
  if (p.type === 'page') return p.start ?? 1;
  if (p.type === 'offset') return 0;
  return null;
}

/** The query (or POST body) parameters that move through the pages: shown in logs, never secret. */
function pagingParams(p: HttpPagination, incrementalParam: string | null | undefined): Set<string> {
  const names: (string | undefined)[] = [incrementalParam ?? undefined];
  if (p.type === 'page') names.push(p.page_param ?? 'page', p.size_param ?? 'size');
  if (p.type === 'offset') names.push(p.offset_param ?? 'offset', p.limit_param ?? 'limit');
  if (p.type === 'cursor') names.push(p.cursor_param ?? 'cursor', p.size_param);
  if (p.type === 'next_url') names.push(p.size_param);
  return new Set(names.filter((n): n is string => n !== undefined));
}

/** A URL fit for logs, errors and the stored fingerprint: no user info, query values hidden unless they page. */
function shownUrl(url: URL, visible: Set<string>): string {
  const query = [...url.searchParams].map(([k, v]) => `${k}=${visible.has(k) ? v : '***'}`).join('&');
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}

/** `floor − lag` of the first cursor column, as the source's `incremental_param` expects it. */
function incrementalValue(config: HttpConfig, state: SyncState, ctx: ConnectorContext): string | number | undefined {
  const first = state.floor?.[0];
  if (!config.incremental_param || !ctx.incremental || first === null || first === undefined) return undefined;
  if (typeof first === 'number') return first;
  const at = Date.parse(String(first));
  if (Number.isNaN(at)) return String(first);
  const lag = ctx.incremental.lag ? (parseDuration(ctx.incremental.lag) ?? 0) : 0;
  return new Date(at - lag).toISOString();
}

interface Plan {
  config: HttpConfig;
  pagination: HttpPagination;
  size: number | undefined;
  since: string | number | undefined;
  visible: Set<string>;
  fetch: FetchOptions;
  fingerprint: string;
}

function plan(config: HttpConfig, state: SyncState, ctx: ConnectorContext): Plan {
  const p = pagination(config);
  const size = p.type === 'none' ? undefined : (p.size ?? (p.type === 'page' || p.type === 'offset' ? DEFAULT_SIZE : undefined));
  const since = incrementalValue(config, state, ctx);
  const visible = pagingParams(p, config.incremental_param);
  const base = baseUrl(config);
  const identity = JSON.stringify([config.method ?? 'GET', base.href, config.body ?? null, p, since ?? null]);
  const sinceText = since === undefined ? '' : ` ${config.incremental_param}=${since}`;
  return {
    config,
    pagination: p,
    size,
    since,
    visible,
    fetch: {
      headers: config.headers ?? {},
      recordsPath: config.records_path ?? '',
      timeoutMs: duration(config.timeout, '30s', 'timeout'),
      retries: config.retries ?? 5,
      backoffMs: duration(config.backoff, '1s', 'backoff'),
      maxWaitMs: duration(config.max_wait, '60s', 'max_wait'),
      logger: ctx.logger,
      signal: ctx.signal,
    },
    // Names the request without its secrets; the hash tells apart any change to the URL, body or paging.
    fingerprint: `${config.method ?? 'GET'} ${shownUrl(base, visible)} ${p.type}${sinceText} #${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`,
  };
}

function baseUrl(config: HttpConfig): URL {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `source.url: not an absolute URL`);
  }
  for (const [k, v] of Object.entries(config.query ?? {})) url.searchParams.set(k, String(v));
  return url;
}

/** The request for the page at `next`: paging and incremental parameters in the query (GET) or the JSON body (POST). */
function request(pl: Plan, next: Next): PageRequest {
  const { config, pagination: p } = pl;
  const method = config.method ?? 'GET';
  const params: Record<string, string | number> = {};
  if (pl.since !== undefined && config.incremental_param) params[config.incremental_param] = pl.since;
  if (p.type === 'page') {
    params[p.page_param ?? 'page'] = next as number;
    params[p.size_param ?? 'size'] = pl.size!;
  } else if (p.type === 'offset') {
    params[p.offset_param ?? 'offset'] = next as number;
    params[p.limit_param ?? 'limit'] = pl.size!;
  } else if (p.type === 'cursor' || p.type === 'next_url') {
    if (p.size_param && pl.size !== undefined) params[p.size_param] = pl.size;
    if (p.type === 'cursor' && typeof next === 'string') params[p.cursor_param ?? 'cursor'] = next;
  }
  // A next URL carries every parameter the source wants on it.
  const url = p.type === 'next_url' && typeof next === 'string' ? new URL(next) : baseUrl(config);
  const inUrl = method === 'GET' && !(p.type === 'next_url' && typeof next === 'string');
  if (inUrl) for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
  const body = method === 'POST' ? { ...(config.body ?? {}), ...(typeof next === 'string' && p.type === 'next_url' ? {} : params) } : undefined;
  return { method, url, body, shown: shownUrl(url, pl.visible) };
}

/** Where the page after this one is, from what this one held; `{ end }` when there is none. */
function after(pl: Plan, next: Next, requested: URL, body: unknown, count: number): Next {
  const p = pl.pagination;
  if (p.type === 'none' || count === 0) return { end: true };
  // A page shorter than asked for is the last: `size` must not exceed what the source serves.
  if (p.type === 'page') return count < pl.size! ? { end: true } : (next as number) + 1;
  if (p.type === 'offset') return count < pl.size! ? { end: true } : (next as number) + count;
  const found = valueAt(body, p.type === 'cursor' ? p.cursor_path : p.next_url_path);
  if (found === null || found === undefined || found === '') return { end: true };
  if (typeof found !== 'string' && typeof found !== 'number') {
    throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `${shownUrl(requested, pl.visible)}: the value at "${p.type === 'cursor' ? p.cursor_path : p.next_url_path}" is not a string`);
  }
  if (p.type === 'cursor') return String(found);
  return new URL(String(found), requested).href;
}

function isEnd(next: Next): next is { end: true } {
  return typeof next === 'object' && next !== null;
}

function toRecord(line: number, value: unknown): SourceRecord {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { line, data: value as Record<string, unknown> };
  return { line, text: JSON.stringify(value) ?? String(value), error: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
}

/** The position to resume from, when it belongs to this source; else null (read from the first page). */
function resumeFrom(state: SyncState, pl: Plan, ctx: ConnectorContext): HttpPosition | null {
  const position = state.position as Partial<HttpPosition> | null | undefined;
  if (position === null || position === undefined) return null;
  if (state.fingerprint !== pl.fingerprint) {
    ctx.logger.warn(
      { event: 'source_changed', url: shownUrl(baseUrl(pl.config), pl.visible), previous_fingerprint: state.fingerprint, fingerprint: pl.fingerprint },
      'the request changed since the last committed batch; reading from the first page',
    );
    return null;
  }
  if (typeof position.line !== 'number' || !('next' in position)) {
    throw new HubError('HUB_ERR_VALIDATION', `the http connector cannot resume from position ${JSON.stringify(position)}; read the source from the start (--full-refresh)`, { position });
  }
  return { line: position.line, next: position.next as Next };
}

async function* readPages(config: HttpConfig, state: SyncState, ctx: ConnectorContext): AsyncGenerator<SourceBatch> {
  const pl = plan(config, state, ctx);
  const from = resumeFrom(state, pl, ctx);
  let line = from?.line ?? 0;
  let next: Next = from ? from.next : firstNext(pl.pagination);
  let batch: SourceRecord[] = [];
  let previousKey: string | undefined;
  const seen = new Set<string>();
  while (!isEnd(next)) {
    ctx.signal?.throwIfAborted();
    const req = request(pl, next);
    const page = await fetchPage(req, pl.fetch, previousKey);
    previousKey = page.key;
    for (const value of page.records) batch.push(toRecord(++line, value));
    next = after(pl, next, req.url, page.body, page.records.length);
    if (typeof next === 'string') {
      // A source handing out a cursor it gave before would be read round and round.
      if (seen.has(next)) throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `${req.shown}: the source gave a next page it already gave; stopping instead of looping`);
      seen.add(next);
    }
    // Batches end on page boundaries, so that a position always names a whole page.
    if (batch.length > 0 && (isEnd(next) || batch.length + page.records.length > ctx.batchSize)) {
      yield { records: batch, position: { line, next } satisfies HttpPosition, fingerprint: pl.fingerprint };
      batch = [];
    }
  }
}

export default defineConnector<HttpConfig>({
  kind: 'http',
  configSchema,

  read(config, state, ctx) {
    return readPages(config, state, ctx);
  },

  async check(config, ctx): Promise<CheckResult> {
    try {
      const pl = plan(config, { position: null, fingerprint: null, floor: null, max: null, complete: false }, ctx);
      const req = request(pl, firstNext(pl.pagination));
      const page = await fetchPage(req, pl.fetch);
      const first = page.records.find((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r));
      if (!first) return { ok: page.records.length === 0, message: `${req.shown}: the first page holds ${page.records.length} records and no JSON object` };
      const columns = Object.keys(first);
      return { ok: true, message: `${req.shown}: first page holds ${page.records.length} records; the first has ${columns.length} keys`, columns };
    } catch (err) {
      if (err instanceof HubError) return { ok: false, message: err.message };
      throw err;
    }
  },
});
