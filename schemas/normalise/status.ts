import type { CertStatus } from '../types.ts';
import { cleanText } from './text.ts';

const CERT_STATUSES: readonly CertStatus[] = ['valid', 'suspended', 'revoked', 'cancelled', 'expired'];

/**
 * Accepted source wording (the 住建部 list is the common precedent; no national list is published).
 * `99 其他` is deliberately absent: it means nothing until a pipeline's status_map says what.
 */
const STATUS_TABLE: Readonly<Record<string, CertStatus>> = {
  '01': 'valid',
  有效: 'valid',
  正常: 'valid',
  在用: 'valid',
  '02': 'suspended',
  暂扣: 'suspended',
  中止: 'suspended',
  '03': 'revoked',
  '07': 'revoked',
  撤销: 'revoked',
  吊销: 'revoked',
  '04': 'cancelled',
  '06': 'cancelled',
  注销: 'cancelled',
  废止: 'cancelled',
  办理转出: 'cancelled',
  '05': 'expired',
  失效: 'expired',
  过期: 'expired',
};

export function isCertStatus(value: unknown): value is CertStatus {
  return typeof value === 'string' && (CERT_STATUSES as readonly string[]).includes(value);
}

/** Spreadsheets and JSON feeds drop the leading zero of the two-digit codes (1 → 01). */
function statusKey(input: unknown): string | undefined {
  if (typeof input === 'number') return Number.isInteger(input) && input >= 0 && input < 10 ? `0${input}` : String(input);
  if (typeof input !== 'string') return undefined;
  const text = cleanText(input);
  return /^\d$/.test(text) ? `0${text}` : text;
}

/**
 * Source status → canonical status, or undefined when the wording is not known. The pipeline's
 * status_map is consulted first (its keys are compared after the same cleaning), then the
 * standard table, then the canonical English values in any case.
 */
export function normaliseStatus(input: unknown, statusMap?: Readonly<Record<string, CertStatus>>): CertStatus | undefined {
  const key = statusKey(input);
  if (key === undefined || key === '') return undefined;
  if (statusMap) {
    const mapped = Object.hasOwn(statusMap, key) ? statusMap[key] : lookupCleaned(statusMap, key);
    if (mapped !== undefined) return mapped;
  }
  if (Object.hasOwn(STATUS_TABLE, key)) return STATUS_TABLE[key];
  const lower = key.toLowerCase();
  return isCertStatus(lower) ? lower : undefined;
}

/** status_map keys written with stray spaces or full-width characters in the YAML still match. */
function lookupCleaned(statusMap: Readonly<Record<string, CertStatus>>, key: string): CertStatus | undefined {
  for (const [k, v] of Object.entries(statusMap)) if (statusKey(k) === key) return v;
  return undefined;
}
