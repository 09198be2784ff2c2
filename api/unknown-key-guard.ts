import { LRUCache } from 'lru-cache';

/** Bounds memory under a flood from many addresses or of many keys. */
const MAX_ENTRIES = 10_000;

export interface UnknownKeyGuard {
  /** A key hash recently found to belong to no client: refuse it without asking the database. */
  knownUnknown(keyHash: string): boolean;
  /**
   * Takes one of the address's database lookups of uncached keys in the current window;
   * false when none is left. Taken before the lookup, so concurrent requests cannot all pass.
   */
  take(address: string): boolean;
  /** Gives the lookup back: the key belonged to a client. */
  giveBack(address: string): void;
  markUnknown(keyHash: string): void;
  /** Seconds until the address may look up keys again. */
  retryAfterSeconds(address: string): number;
}

/**
 * Keeps a flood of random API keys away from the database: each address may cost at most `max`
 * lookups of keys that turn out unknown per `windowMs`, and an unknown key is remembered for
 * `unknownTtlMs`, so that repeating it costs nothing.
 */
export function createUnknownKeyGuard(options: { max: number; windowMs: number; unknownTtlMs: number }): UnknownKeyGuard {
  const spent = new LRUCache<string, { count: number }>({ max: MAX_ENTRIES, ttl: options.windowMs });
  const unknown = new LRUCache<string, true>({ max: MAX_ENTRIES, ttl: Math.max(1, options.unknownTtlMs) });
  return {
    knownUnknown: (keyHash) => options.unknownTtlMs > 0 && unknown.has(keyHash),
    take(address) {
      const entry = spent.get(address);
      if (entry === undefined) {
        spent.set(address, { count: 1 });
        return true;
      }
      if (entry.count >= options.max) return false;
      entry.count += 1;
      return true;
    },
    giveBack(address) {
      const entry = spent.get(address);
      if (entry !== undefined && entry.count > 0) entry.count -= 1;
    },
    markUnknown(keyHash) {
      if (options.unknownTtlMs > 0) unknown.set(keyHash, true);
    },
    retryAfterSeconds: (address) => Math.max(1, Math.ceil(spent.getRemainingTTL(address) / 1000)),
  };
}
