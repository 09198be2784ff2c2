import { setTimeout as sleep } from 'node:timers/promises';
import { HubError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';

/** One request for one page, as built from the source block and the pagination state. */
export interface PageRequest {
  method: 'GET' | 'POST';
  url: URL;
  /** JSON body of a POST. */
  body: Record<string, unknown> | undefined;
  /** The URL as it may be shown in logs and errors (query values other than paging ones hidden). */
  shown: string;
}

export interface FetchOptions {
  headers: Record<string, string>;
  recordsPath: string;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  /** Cap on any single wait, a Retry-After included. */
  maxWaitMs: number;
  logger: Logger;
  signal: AbortSignal | undefined;
}

interface Page {
  /** The parsed response. */
  body: unknown;
  records: unknown[];
  /** The records as JSON, to tell a page served twice in a row. */
  key: string;
}

/** A value at a dotted path (`data.items`); the empty path is the value itself. */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** Milliseconds a Retry-After header asks for: delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with jitter: half to all of base × 2^(attempt − 1), capped. */
function backoff(attempt: number, o: FetchOptions): number {
  const ceiling = Math.min(o.maxWaitMs, o.backoffMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

/** Why an attempt failed, and whether the source asked for a wait. */
interface Failure {
  reason: string;
  status?: number;
  waitMs?: number;
}

function transportFailure(err: unknown, o: FetchOptions): Failure {
  if (err instanceof Error && err.name === 'TimeoutError') return { reason: `no complete answer within ${o.timeoutMs} ms` };
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const what = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return { reason: `network error (${what})` };
}

function isRetriedStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** One attempt: a page, or why it failed in a way worth retrying. Refusals (other 4xx) throw. */
async function attempt(req: PageRequest, o: FetchOptions, previousKey: string | undefined): Promise<Page | Failure> {
  const signals = [AbortSignal.timeout(o.timeoutMs), ...(o.signal ? [o.signal] : [])];
  let res: Response;
  let text: string;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: { accept: 'application/json', ...(req.body ? { 'content-type': 'application/json' } : {}), ...o.headers },
      body: req.body ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.any(signals),
    });
    if (isRetriedStatus(res.status)) {
      await res.body?.cancel();
      const waitMs = retryAfterMs(res.headers.get('retry-after'));
      return { reason: `HTTP ${res.status}`, status: res.status, ...(waitMs === undefined ? {} : { waitMs }) };
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new HubError('HUB_ERR_SOURCE_HTTP_REFUSED', `${req.method} ${req.shown} answered HTTP ${res.status}; check the URL and the credentials in headers`, {
        url: req.shown,
        status: res.status,
      });
    }
    text = await res.text();
  } catch (err) {
    if (err instanceof HubError) throw err;
    o.signal?.throwIfAborted();
    return transportFailure(err, o);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { reason: `the answer is not valid JSON (${err instanceof Error ? err.message : String(err)})`, status: res.status };
  }
  const records = valueAt(body, o.recordsPath);
  if (!Array.isArray(records)) {
    return { reason: `the answer has no array at records_path "${o.recordsPath}"`, status: res.status };
  }
  const key = JSON.stringify(records);
  // A page identical to the one before is a stale answer (or a source ignoring the page parameter): ask again.
  if (records.length > 0 && key === previousKey) return { reason: 'the answer repeats the previous page', status: res.status };
  return { body, records, key };
}

/**
 * Fetches one page, retrying network errors, timeouts, 408, 429, 5xx, answers that are not JSON or
 * lack the records, and a repeated page; waits back off exponentially with jitter, or as long as
 * Retry-After says, never longer than `maxWaitMs`. When the retries run out the read fails with
 * HUB_ERR_SOURCE_HTTP naming the URL, the last status and the attempts. Header values (tokens) are
 * never logged.
 */
export async function fetchPage(req: PageRequest, o: FetchOptions, previousKey?: string): Promise<Page> {
  for (let n = 1; ; n++) {
    const result = await attempt(req, o, previousKey);
    if ('records' in result) return result;
    if (n > o.retries) {
      throw new HubError(
        'HUB_ERR_SOURCE_HTTP',
        `${req.method} ${req.shown} failed after ${n} attempt${n > 1 ? 's' : ''}: ${result.reason}`,
        { url: req.shown, status: result.status ?? null, attempts: n, reason: result.reason },
      );
    }
    const waitMs = Math.min(o.maxWaitMs, result.waitMs ?? backoff(n, o));
    o.logger.warn(
      { event: 'source_retry', url: req.shown, status: result.status ?? null, attempt: n, wait_ms: waitMs, reason: result.reason },
      `${req.method} ${req.shown}: ${result.reason}; retrying in ${waitMs} ms`,
    );
    await sleep(waitMs, undefined, o.signal ? { signal: o.signal } : {});
  }
}
