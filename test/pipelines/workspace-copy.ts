import { cpSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../temp-dir.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

// Made when a test file imports this module, so the file's copies are removed after its tests.
const copies = tempDir('workspaces');

/** A writable copy of a fixture workspace in a temp folder, so tests never touch the fixture. */
export function copyWorkspace(name: string): string {
  const dir = mkdtempSync(path.join(copies, `${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}
