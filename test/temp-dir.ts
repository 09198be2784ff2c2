import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A fresh `ecert-<prefix>-*` folder in the system temp directory, removed with everything in
 * it after the tests of the enclosing file or describe block. Call it while tests are being
 * collected (top level of a test file or module, or a describe body), not inside a test.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ecert-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
