import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../catalog/open-database.ts';
import { tempDir } from '../temp-dir.ts';

const dir = tempDir('pglite-store');

describe('new embedded stores from the cached empty data directory', () => {
  let cache: string;
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.ECERT_CACHE_DIR;
    cache = path.join(dir, `cache-${Date.now()}`);
    process.env.ECERT_CACHE_DIR = cache;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.ECERT_CACHE_DIR;
    else process.env.ECERT_CACHE_DIR = saved;
  });

  async function storeWorks(name: string): Promise<void> {
    const storeDir = path.join(dir, name);
    const catalog = await openDatabase({ storeDir }, { migrate: true });
    try {
      await catalog.db.insertInto('certificate_types').values({ code: 'T1', name: '测试证照', holder_kind: 'person' }).execute();
    } finally {
      await catalog.close();
    }
    const again = await openDatabase({ storeDir }, { migrate: true });
    try {
      expect(await again.db.selectFrom('certificate_types').select('name').execute()).toEqual([{ name: '测试证照' }]);
      // A small buffer pool: PGlite's start-up, paid by every command, grows with it.
      expect((await sql<{ shared_buffers: string }>`show shared_buffers`.execute(again.db)).rows).toEqual([{ shared_buffers: '16MB' }]);
    } finally {
      await again.close();
    }
  }

  it('caches the empty data directory once and builds later stores from it', async () => {
    await storeWorks('first');
    const cached = readdirSync(cache);
    expect(cached).toHaveLength(1);
    expect(cached[0]).toMatch(/^pglite-.+-empty$/);
    await storeWorks('second');
    expect(readdirSync(cache)).toEqual(cached);
  });

  it('creates the store anyway when the cached copy is damaged, and drops the damaged copy', async () => {
    await storeWorks('before-damage');
    const template = path.join(cache, readdirSync(cache)[0]!);
    writeFileSync(path.join(template, 'global', 'pg_control'), 'not a control file');
    await storeWorks('after-damage');
    expect(existsSync(template)).toBe(false);
  });
});
