import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

/** A writable copy of a fixture workspace in a temp folder, so tests never touch the fixture. */
export function copyWorkspace(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ecert-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}
