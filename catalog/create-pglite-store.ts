import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { log } from '../core/log.ts';

/**
 * A new embedded store starts as a copy of an empty PGlite data directory instead of running
 * initdb: initdb costs about 3 s of CPU in PGlite's WebAssembly build, copying the folder and
 * starting on it about 0.45 s (loading the same files from a tar blob through PGlite's
 * `loadDataDir` took over a second). The empty directory is made once per PGlite version, on first use, and kept in the
 * user's cache folder (`ECERT_CACHE_DIR`, else `$XDG_CACHE_HOME/ecert-hub`, else
 * `~/.cache/ecert-hub`). Migrations still run on every new store, so what the catalogue holds is
 * decided as before.
 */
export async function createPGliteStore(dataDir: string, options: PGliteOptions): Promise<PGlite> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return PGlite.create(dataDir, options);
  const template = await emptyDataDir(options);
  if (template !== undefined) {
    try {
      cpSync(template, dataDir, { recursive: true });
      return await PGlite.create(dataDir, options);
    } catch (err) {
      // A damaged cached copy must not stop the store from being created: drop it and run initdb.
      log().warn({ event: 'error', template, err }, 'the cached empty store could not be loaded; creating the store from scratch');
      rmSync(template, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return PGlite.create(dataDir, options);
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

/** The cached empty data directory, made now if there is none; undefined if it cannot be made. */
async function emptyDataDir(options: PGliteOptions): Promise<string | undefined> {
  const template = path.join(cacheDir(), `pglite-${pgliteVersion()}-empty`);
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  // Made aside and renamed, so that processes creating stores at the same time never copy half a
  // folder; when two make it at once, the second rename fails and the first one's folder is kept.
  const partial = `${template}.${process.pid}.partial`;
  try {
    mkdirSync(path.dirname(template), { recursive: true });
    rmSync(partial, { recursive: true, force: true });
    const pglite = await PGlite.create(partial, options);
    await pglite.close();
    renameSync(partial, template);
    // Earlier versions kept the same files as a tar next to it.
    rmSync(`${template}.tar`, { force: true });
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    if (existsSync(path.join(template, 'PG_VERSION'))) return template;
    log().debug({ event: 'error', template, err }, 'the empty store could not be cached; the next new store runs initdb again');
    return undefined;
  }
  return template;
}
