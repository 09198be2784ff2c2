import { HubError } from '../core/errors.ts';

/**
 * What an API key may do. `reports:read` is granted here and used by the reports service;
 * `access-log:read` is for a citizen portal that has authenticated the holder itself.
 */
export const SCOPES = ['certificates:read', 'checks:run', 'reports:read', 'receipts:verify', 'access-log:read'] as const;
export type Scope = (typeof SCOPES)[number];

function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** `certificates:read,checks:run` → the scopes, each once; an unknown or empty list is a usage error. */
export function parseScopes(list: string): Scope[] {
  const words = list
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');
  const unknown = words.filter((w) => !isScope(w));
  if (unknown.length > 0) {
    throw new HubError('HUB_ERR_USAGE', `unknown scope ${unknown.map((w) => `"${w}"`).join(', ')}; known scopes: ${SCOPES.join(', ')}`);
  }
  if (words.length === 0) throw new HubError('HUB_ERR_USAGE', `give at least one scope: ${SCOPES.join(', ')}`);
  return [...new Set(words as Scope[])];
}
