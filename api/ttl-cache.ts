export interface TtlCache<K, V> {
  /** The cached value while fresh, else `load(key)`; concurrent callers share one load. */
  get(key: K, load: (key: K) => Promise<V>): Promise<V>;
}

/**
 * A small read-through cache for data that changes rarely and is read on every request
 * (API clients, matters). Entries live `ttlMs`; a ttl of 0 turns caching off. Undefined
 * results (not found) and failures are not kept, so a new client or matter is seen at once.
 */
export function ttlCache<K, V>(ttlMs: number, maxEntries = 10_000): TtlCache<K, V> {
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  return {
    get(key, load) {
      if (ttlMs <= 0) return load(key);
      const now = Date.now();
      const hit = entries.get(key);
      if (hit !== undefined && now - hit.at < ttlMs) return hit.value;
      if (entries.size >= maxEntries) entries.clear();
      const value = load(key);
      entries.set(key, { at: now, value });
      const forget = () => {
        if (entries.get(key)?.value === value) entries.delete(key);
      };
      value.then((v) => {
        if (v === undefined) forget();
      }, forget);
      return value;
    },
  };
}
