import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOLDER_HASH_KEY_FILE, resolveHolderHashKey } from '../../lookups/holder-hash-key.ts';
import { tempDir } from '../temp-dir.ts';

const root = tempDir('key');
const storeDir = () => path.join(mkdtempSync(path.join(root, 'ws-')), '.ecert');

describe('resolveHolderHashKey', () => {
  it('uses ECERT_HOLDER_HASH_KEY when set', () => {
    const key = 'a-long-enough-secret-value';
    expect(resolveHolderHashKey({ storeDir: storeDir() }, { ECERT_HOLDER_HASH_KEY: key })).toBe(key);
    expect(resolveHolderHashKey({ storeDir: '', databaseUrl: 'postgres://x/y' }, { ECERT_HOLDER_HASH_KEY: key })).toBe(key);
  });

  it('refuses a short key', () => {
    expect(() => resolveHolderHashKey({ storeDir: storeDir() }, { ECERT_HOLDER_HASH_KEY: 'short' })).toThrow(/at least 16/);
  });

  it('for the embedded store, generates a key once, keeps it with mode 0600 and returns the same one after', () => {
    const dir = storeDir();
    const first = resolveHolderHashKey({ storeDir: dir }, {});
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(dir, HOLDER_HASH_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveHolderHashKey({ storeDir: dir }, {})).toBe(first);
  });

  it('an empty key file is a configuration error, not a new key', () => {
    const dir = storeDir();
    resolveHolderHashKey({ storeDir: dir }, {});
    writeFileSync(path.join(dir, HOLDER_HASH_KEY_FILE), '\n');
    expect(() => resolveHolderHashKey({ storeDir: dir }, {})).toThrow(expect.objectContaining({ code: 'HUB_ERR_CONFIG_INVALID' }));
  });

  it('on Postgres without the variable, stops with HUB_ERR_CONFIG_INVALID', () => {
    expect(() => resolveHolderHashKey({ storeDir: '', databaseUrl: 'postgres://root@127.0.0.1/x' }, {})).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_CONFIG_INVALID', message: expect.stringContaining('ECERT_HOLDER_HASH_KEY') }),
    );
  });
});
