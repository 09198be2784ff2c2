import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isPostgresUrl } from '../catalog/open-database.ts';
import { HubError } from '../core/errors.ts';

const MIN_LENGTH = 16;
export const HOLDER_HASH_KEY_FILE = 'holder-hash.key';

function readKeyFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function usable(key: string, file: string): string {
  if (key.length < MIN_LENGTH) throw new HubError('HUB_ERR_CONFIG_INVALID', `${file} holds no usable key (at least ${MIN_LENGTH} characters)`);
  return key;
}

/**
 * The key that hashes holder ids in the lookup log. It must stay the same for the life of the
 * log, or an auditor can no longer match an id against old rows: ECERT_HOLDER_HASH_KEY when set;
 * for the embedded store, a key generated once and kept beside it (mode 0600); on Postgres,
 * where several processes share the log, it has to be given.
 */
export function resolveHolderHashKey(
  config: { databaseUrl?: string | undefined; storeDir: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  const given = env.ECERT_HOLDER_HASH_KEY?.trim();
  if (given) {
    if (given.length < MIN_LENGTH) {
      throw new HubError('HUB_ERR_CONFIG_INVALID', `ECERT_HOLDER_HASH_KEY must be at least ${MIN_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`);
    }
    return given;
  }
  if (isPostgresUrl(config.databaseUrl)) {
    throw new HubError(
      'HUB_ERR_CONFIG_INVALID',
      'ECERT_HOLDER_HASH_KEY is not set: with a Postgres catalogue every hub process must hash holder ids in the lookup log with the same key; ' +
        'set it to a long random secret (e.g. `openssl rand -hex 32`) and keep it',
    );
  }
  const file = path.join(config.storeDir, HOLDER_HASH_KEY_FILE);
  const existing = readKeyFile(file);
  if (existing !== undefined) return usable(existing, file);
  mkdirSync(config.storeDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return usable(readKeyFile(file) ?? '', file);
    throw err;
  }
}
