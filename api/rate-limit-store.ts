import { LRUCache } from 'lru-cache';

/** Bounds memory when many clients or addresses are counted at once. */
const MAX_KEYS = 10_000;

interface Window {
  count: number;
  startedAt: number;
}

type IncrCallback = (err: Error | null, res: { current: number; ttl: number }) => void;

/**
 * Fixed-window request counts in memory for @fastify/rate-limit. Its own local store hands
 * every caller the same mutable counter, read only after an await: a burst of concurrent
 * requests of one client then all saw the final count and all got 429, none the `max` they
 * were due. Each caller here gets its own count.
 */
export class RequestCountStore {
  readonly #windows = new LRUCache<string, Window>({ max: MAX_KEYS });

  incr(key: string, callback: IncrCallback, timeWindow: number): void {
    const now = Date.now();
    let window = this.#windows.get(key);
    if (window === undefined || window.startedAt + timeWindow <= now) {
      window = { count: 0, startedAt: now };
      this.#windows.set(key, window);
    }
    window.count += 1;
    callback(null, { current: window.count, ttl: window.startedAt + timeWindow - now });
  }

  /** Routes with their own limits would get a child store; the hub's routes share one. */
  child(): RequestCountStore {
    return this;
  }
}
