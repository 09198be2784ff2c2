import { LRUCache } from 'lru-cache';

/** Bounds memory when many distinct keys are asked for (unknown API keys, say). */
const MAX_ENTRIES = 10_000;

/**
 * `load` behind a cache for data that changes rarely and is read on every request (API
 * clients, matters): a value is reused for `ttlMs`, concurrent callers of one key share one
 * load, and a ttl of 0 turns caching off. Not-found results (undefined) and failures are not
 * kept, so a new client or matter is seen at once.
 */
export function readThroughCache<K extends {}, V extends {}>(
  load: (key: K) => Promise<V | undefined>,
  ttlMs: number,
): (key: K) => Promise<V | undefined> {
  if (ttlMs <= 0) return load;
  const cache = new LRUCache<K, V>({ max: MAX_ENTRIES, ttl: ttlMs, fetchMethod: (key) => load(key) });
  return (key) => cache.fetch(key);
}
