import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { CLI_BUNDLE_DIR } from './cli-bundle.ts';

/**
 * Bundles `cli/index.ts` once for the whole suite. CLI tests spawn many `ecert` processes;
 * through bin/ecert.js each spends about a second resolving and transforming modules in tsx's
 * loader, which compiles the same sources with the same esbuild. Packages stay external (resolved
 * from node_modules as usual) and dynamic imports stay lazy chunks, so a command loads what it
 * loads from the sources.
 */
export async function setup(): Promise<() => void> {
  rmSync(CLI_BUNDLE_DIR, { recursive: true, force: true });
  await build({
    entryPoints: [path.resolve(import.meta.dirname, '..', 'cli', 'index.ts')],
    outdir: CLI_BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return () => rmSync(CLI_BUNDLE_DIR, { recursive: true, force: true });
}
