import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { readThroughCache } from '../../core/read-through-cache.ts';

describe('readThroughCache', () => {
  it('reuses a value while fresh and shares one load between concurrent callers', async () => {
    const load = vi.fn(async (k: string) => `${k}!`);
    const get = readThroughCache(load, 60_000);
    expect(await Promise.all([get('a'), get('a')])).toEqual(['a!', 'a!']);
    expect(await get('a')).toBe('a!');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads again once the entry is older than the ttl', async () => {
    const load = vi.fn(async () => ({ n: 1 }));
    const get = readThroughCache(load, 50);
    await get('a');
    await get('a');
    await sleep(80);
    await get('a');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps neither not-found results nor failures, and a ttl of 0 never caches', async () => {
    const missing = vi.fn(async (): Promise<{ n: number } | undefined> => undefined);
    const getMissing = readThroughCache(missing, 60_000);
    expect(await getMissing('a')).toBeUndefined();
    await getMissing('a');
    expect(missing).toHaveBeenCalledTimes(2);
    const failing = vi.fn(async (): Promise<{ n: number }> => {
      throw new Error('down');
    });
    const getFailing = readThroughCache(failing, 60_000);
    await expect(getFailing('b')).rejects.toThrow('down');
    await expect(getFailing('b')).rejects.toThrow('down');
    expect(failing).toHaveBeenCalledTimes(2);
    const load = vi.fn(async () => ({ n: 1 }));
    const off = readThroughCache(load, 0);
    await off('a');
    await off('a');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
