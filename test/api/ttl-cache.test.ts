import { describe, expect, it, vi } from 'vitest';
import { ttlCache } from '../../api/ttl-cache.ts';

describe('ttlCache', () => {
  it('reuses a value while fresh and shares one load between concurrent callers', async () => {
    const load = vi.fn(async (k: string) => `${k}!`);
    const cache = ttlCache<string, string>(60_000);
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual(['a!', 'a!']);
    expect(await cache.get('a', load)).toBe('a!');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads again once the entry is older than the ttl', async () => {
    vi.useFakeTimers();
    try {
      const load = vi.fn(async () => 1);
      const cache = ttlCache<string, number>(1000);
      await cache.get('a', load);
      vi.advanceTimersByTime(1001);
      await cache.get('a', load);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps neither not-found results nor failures, and a ttl of 0 never caches', async () => {
    const cache = ttlCache<string, number | undefined>(60_000);
    const missing = vi.fn(async () => undefined);
    await cache.get('a', missing);
    await cache.get('a', missing);
    expect(missing).toHaveBeenCalledTimes(2);
    const failing = vi.fn(async () => {
      throw new Error('down');
    });
    await expect(cache.get('b', failing)).rejects.toThrow('down');
    await expect(cache.get('b', failing)).rejects.toThrow('down');
    expect(failing).toHaveBeenCalledTimes(2);
    const off = ttlCache<string, number>(0);
    const load = vi.fn(async () => 1);
    await off.get('a', load);
    await off.get('a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
