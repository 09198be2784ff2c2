import { maskId, maskIdentityNumbers } from '../core/log.ts';

const ID_KEYS = new Set(['holder_id']);
/** Codes of authorities, matters and runs: identifier-like but not personal. */
const PUBLIC_KEYS = new Set(['issuer_code', 'matter_code', 'run_id', 'quarantine_id']);
/** Identifier-like text (resident ids, USCCs, also mistyped: full-width, spaced, one character short). */
const ID_LIKE = /^[0-9A-Za-z０-９Ａ-Ｚａ-ｚ ]{14,24}$/;
const DIGITS = /[0-9０-９]/g;

function maskText(text: string): string {
  const compact = text.trim();
  if (ID_LIKE.test(compact) && (compact.match(DIGITS)?.length ?? 0) >= 8) return maskId(compact.replaceAll(' ', ''));
  return maskIdentityNumbers(text);
}

/**
 * A sampled row fit to print: `holder_id` always masked, and any other text that looks like an
 * identity number masked too — raw source rows name their id column in the department's words,
 * and a malformed id (the reason the row failed) escapes the strict identity-number pattern.
 */
export function maskRecord(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && ID_KEYS.has(key)) return maskId(value);
    return key !== undefined && PUBLIC_KEYS.has(key) ? value : maskText(value);
  }
  if (Array.isArray(value)) return value.map((v) => maskRecord(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskRecord(v, k)]));
  }
  return value;
}
