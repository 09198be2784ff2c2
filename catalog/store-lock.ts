import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HubError } from '../core/errors.ts';

/** A lock file younger than this with no readable pid is being written right now, not stale. */
const FRESH_MS = 5000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): { pid: number | undefined; ageMs: number } | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    const pid = /^\d+$/.test(text) ? Number(text) : undefined;
    return { pid, ageMs: Date.now() - statSync(file).mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function busy(file: string, pid: number | undefined): HubError {
  return new HubError('HUB_ERR_STORE_BUSY', undefined, { lock: file, pid });
}

/**
 * Takes `<storeDir>/lock` (created exclusively, holding our pid) so that a second process
 * cannot open the embedded store and corrupt it. A lock left by a process that no longer
 * exists is taken over. Returns the release function.
 */
export function acquireStoreLock(storeDir: string): () => void {
  mkdirSync(storeDir, { recursive: true });
  const file = path.join(storeDir, 'lock');
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return () => releaseStoreLock(file, mine);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder === undefined) continue;
    if (holder.pid === undefined ? holder.ageMs < FRESH_MS : isAlive(holder.pid)) throw busy(file, holder.pid);
    try {
      unlinkSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw busy(file, readHolder(file)?.pid);
}

function releaseStoreLock(file: string, mine: string): void {
  try {
    if (readFileSync(file, 'utf8').trim() === mine) unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
