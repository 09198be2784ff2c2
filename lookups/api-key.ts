import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'ek_';

/** A new API key: 32 random bytes, base64url, with a prefix that makes leaked keys easy to spot. */
export function generateApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** Keys are stored only as this hash; a key is high-entropy, so a plain sha-256 is enough. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Whether `key` hashes to `storedHash`, compared in constant time so that the time an answer
 * takes tells nothing about how much of a guessed key's hash matched.
 */
export function keyMatchesHash(key: string, storedHash: string): boolean {
  const given = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}
