import { LockFile } from '@rushstack/node-core-library/lib/LockFile';
import { HubError } from '../core/errors.ts';

/** Lock files are `<storeDir>/store#<pid>.lock`, holding the start time of the process. */
const RESOURCE = 'store';

/**
 * Holds the embedded store exclusively so that a second process cannot open it and corrupt
 * it. A lock left by a process that is gone (its pid no longer runs the process that wrote
 * the file) is stale, and processes that find it at the same time cannot both take it: each
 * writes its own file and the earliest live one wins. Returns the release function.
 */
export function acquireStoreLock(storeDir: string): () => void {
  const lock = LockFile.tryAcquire(storeDir, RESOURCE);
  if (lock === undefined) throw new HubError('HUB_ERR_STORE_BUSY', undefined, { store: storeDir });
  return () => {
    if (!lock.isReleased) lock.release();
  };
}
