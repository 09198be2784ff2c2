import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateWorkspace, type Manifest } from '../../examples/generate.ts';

export const TODAY = '2026-11-23';

/** A generated workspace in a temp folder; remove it with `dispose`. */
export async function generatedWorkspace(rows: number, seed: number, options: { batchSize?: number } = {}): Promise<{ dir: string; manifest: Manifest; dispose(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-demo-data-'));
  const manifest = await generateWorkspace({ out: dir, rows, seed, today: TODAY, ...options });
  return { dir, manifest, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
