import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A workspace directory for generated fixtures, made before the suite and removed after it. */
export function tempWorkspace(): { dir: () => string; write: (name: string, content: string | Buffer) => Promise<string> } {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ecert-connectors-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    async write(name, content) {
      await writeFile(path.join(dir, name), content);
      return `./${name}`;
    },
  };
}
