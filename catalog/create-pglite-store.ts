import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { log } from '../core/log.ts';

/**
 * A new embedded store starts as a copy of an empty PGlite data directory instead of running
 * initdb: initdb costs about 3 s of CPU in PGlite's WebAssembly build, loading the copy a few
 * tenths. The copy is made once per PGlite version, on first use, and kept in the user's cache
 * folder (`ECERT_CACHE_DIR`, else `$XDG_CACHE_HOME/ecert-hub`, else `~/.cache/ecert-hub`).
 * Migrations still run on every new store, so what the catalogue holds is decided as before.
 */
export async function createPGliteStore(dataDir: string, options: PGliteOptions): Promise<PGlite> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return PGlite.create(dataDir, options);
  const template = await emptyDataDir();
  try {
    return await PGlite.create(dataDir, { ...options, loadDataDir: template.blob });
  } catch (err) {
    // A damaged cached copy must not stop the store from being created: drop it and run initdb.
    log().warn({ event: 'error', template: template.file, err }, 'the cached empty store could not be loaded; creating the store from scratch');
    rmSync(template.file, { force: true });
    rmSync(dataDir, { recursive: true, force: true });
    return PGlite.create(dataDir, options);
  }
}

function cacheDir(): string {
  const explicit = process.env.ECERT_CACHE_DIR;
  if (explicit) return explicit;
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg ? xdg : path.join(os.homedir(), '.cache'), 'ecert-hub');
}

function pgliteVersion(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

async function emptyDataDir(): Promise<{ blob: Blob; file: string }> {
  const file = path.join(cacheDir(), `pglite-${pgliteVersion()}-empty.tar`);
  if (existsSync(file)) return { blob: new Blob([readFileSync(file)]), file };
  const pglite = await PGlite.create();
  const blob = await pglite.dumpDataDir('none');
  await pglite.close();
  // Written aside and renamed, so that processes creating stores at the same time never read half a file.
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    log().debug({ event: 'error', template: file, err }, 'the empty store could not be cached; the next new store runs initdb again');
  }
  return { blob, file };
}
