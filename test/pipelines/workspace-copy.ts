import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

// One folder per test file: the suite's setup file removes it after the file's tests, and the
// next file that runs in the same worker (modules are shared between them) makes a new one.
let copies: string | undefined;

/** A writable copy of a fixture workspace in a temp folder, so tests never touch the fixture. */
export function copyWorkspace(name: string): string {
  if (copies === undefined || !existsSync(copies)) copies = mkdtempSync(path.join(os.tmpdir(), 'ecert-workspaces-'));
  const dir = mkdtempSync(path.join(copies, `${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Removes the copies made for the test file that just ran. */
export function removeWorkspaceCopies(): void {
  if (copies !== undefined) rmSync(copies, { recursive: true, force: true });
  copies = undefined;
}
