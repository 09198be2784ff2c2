import { readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../catalog/database.ts';
import { addSigningKeyIfMissing, listSigningKeys, publishSigningKey } from '../catalog/signing-key-repository.ts';
import type { SigningKeyRow } from '../catalog/tables/signing-keys.ts';
import { HubError } from '../core/errors.ts';

/** Receipts are signed with Ed25519 (JWS `alg` EdDSA, RFC 8037). */
export const RECEIPT_ALG = 'EdDSA';
export const SIGNING_KEY_FILE = 'signing-key.jwk';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, string>;
  file: string;
}

/** ECERT_SIGNING_KEY_FILE, else `signing-key.jwk` beside the embedded store. */
export function signingKeyFile(config: { storeDir: string }, env: NodeJS.ProcessEnv = process.env): string {
  const given = env.ECERT_SIGNING_KEY_FILE?.trim();
  return given ? path.resolve(given) : path.join(config.storeDir, SIGNING_KEY_FILE);
}

function publicPart(jwk: JWK): Record<string, string> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new HubError('HUB_ERR_CONFIG_INVALID', 'a signing key must be an Ed25519 key (kty OKP, crv Ed25519)');
  }
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
}

function readKeyFile(file: string): JWK | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  // A private key others can read may already be copied: refuse it, as ssh does.
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `the signing key ${file} is readable by other users; run \`chmod 600 ${file}\` or rotate the key`);
  }
  try {
    return JSON.parse(text) as JWK;
  } catch {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `the signing key ${file} is not a JSON Web Key`);
  }
}

/** The key in `file`, ready to sign; undefined when there is no file. */
export async function loadSigningKey(file: string): Promise<SigningKey | undefined> {
  const jwk = readKeyFile(file);
  if (jwk === undefined) return undefined;
  const publicJwk = publicPart(jwk);
  if (typeof jwk.d !== 'string') throw new HubError('HUB_ERR_CONFIG_INVALID', `the signing key ${file} holds no private key (member "d")`);
  const kid = await calculateJwkThumbprint(publicJwk);
  let privateKey: CryptoKey | Uint8Array;
  try {
    privateKey = await importJWK({ ...publicJwk, d: jwk.d }, RECEIPT_ALG);
  } catch (err) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `the signing key ${file} cannot be read as an Ed25519 key`, undefined, { cause: err });
  }
  if (privateKey instanceof Uint8Array) throw new HubError('HUB_ERR_CONFIG_INVALID', `the signing key ${file} is not an asymmetric key`);
  return { kid, privateKey, publicJwk, file };
}

/** Writes through a temporary file created 0600, so that the key is never readable by others, even half-written. */
function writeKeyFile(file: string, jwk: JWK): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, file);
}

export interface GeneratedKey {
  kid: string;
  file: string;
  /** The kid the new key replaced; it stays published. */
  replaced: string | null;
}

/**
 * A new Ed25519 key pair: the public key is published in the catalogue first (so no receipt is
 * ever signed with a key verifiers cannot find), then the private key is written to `file`
 * (mode 0600). Without `rotate`, an existing key is kept and this is refused.
 */
export async function generateSigningKey(db: Kysely<Database>, file: string, options: { rotate: boolean }): Promise<GeneratedKey> {
  const existing = await loadSigningKey(file).catch((err: unknown) => {
    if (options.rotate) return undefined;
    throw err;
  });
  if (existing !== undefined && !options.rotate) {
    throw new HubError('HUB_ERR_USAGE', `a signing key already exists in ${file} (kid ${existing.kid}); use \`ecert keys rotate\` to replace it`);
  }
  const pair = await generateKeyPair(RECEIPT_ALG, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(pair.privateKey);
  const publicJwk = publicPart(jwk);
  const kid = await calculateJwkThumbprint(publicJwk);
  if (existing !== undefined) await addSigningKeyIfMissing(db, existing.kid, existing.publicJwk);
  await publishSigningKey(db, kid, publicJwk);
  writeKeyFile(file, { ...jwk, kid, alg: RECEIPT_ALG, use: 'sig' });
  return { kid, file, replaced: existing?.kid ?? null };
}

/** The signing key of `file`, published in the catalogue if a server starts with a key made elsewhere. */
export async function openSigningKey(db: Kysely<Database>, file: string): Promise<SigningKey | undefined> {
  const key = await loadSigningKey(file);
  if (key !== undefined) await addSigningKeyIfMissing(db, key.kid, key.publicJwk);
  return key;
}

export function jwksOf(rows: SigningKeyRow[]): JSONWebKeySet {
  return { keys: rows.map((r) => ({ ...r.public_jwk, kid: r.kid, alg: RECEIPT_ALG, use: 'sig' })) };
}

/** Every public key receipts were ever signed with, as a JWKS (RFC 7517). */
export async function publishedJwks(db: Kysely<Database>): Promise<JSONWebKeySet> {
  return jwksOf(await listSigningKeys(db));
}
