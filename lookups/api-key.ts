import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'ek_';

/** A new API key: 32 random bytes, base64url, with a prefix that makes leaked keys easy to spot. */
export function generateApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** Keys are stored only as this hash; a key is high-entropy, so a plain sha-256 is enough. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
