import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../catalog/open-database.ts';
import { acquireStoreLock } from '../../catalog/store-lock.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'ecert-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A pid that is certainly not running: a child process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('embedded store lock', () => {
  it('refuses a second open of the same store with HUB_ERR_STORE_BUSY, and allows it after close', async () => {
    const storeDir = path.join(root, 'a', '.ecert');
    const first = await openDatabase({ storeDir }, { migrate: true });
    expect(readFileSync(path.join(storeDir, 'lock'), 'utf8')).toBe(String(process.pid));
    await expect(openDatabase({ storeDir })).rejects.toMatchObject({ code: 'HUB_ERR_STORE_BUSY', transient: true });
    await first.close();
    await first.close();
    expect(existsSync(path.join(storeDir, 'lock'))).toBe(false);
    const second = await openDatabase({ storeDir });
    await second.close();
  });

  it('takes over a lock left by a process that is gone', () => {
    const storeDir = path.join(root, 'b');
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(path.join(storeDir, 'lock'), String(deadPid()));
    const release = acquireStoreLock(storeDir);
    expect(readFileSync(path.join(storeDir, 'lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(path.join(storeDir, 'lock'))).toBe(false);
  });

  it('treats a lock held by a live process as busy', () => {
    const storeDir = path.join(root, 'c');
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(path.join(storeDir, 'lock'), String(process.ppid));
    expect(() => acquireStoreLock(storeDir)).toThrow(expect.objectContaining({ code: 'HUB_ERR_STORE_BUSY' }));
    expect(readFileSync(path.join(storeDir, 'lock'), 'utf8')).toBe(String(process.ppid));
  });

  it('is refused to another process while this one holds the store', () => {
    const storeDir = path.join(root, 'd');
    const release = acquireStoreLock(storeDir);
    const script = `import { acquireStoreLock } from ${JSON.stringify(path.resolve('catalog/store-lock.ts'))};
      try { acquireStoreLock(${JSON.stringify(storeDir)}); console.log('acquired'); } catch (e) { console.log(e.code); }`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    release();
    expect(child.stdout.trim()).toBe('HUB_ERR_STORE_BUSY');
  });
});
