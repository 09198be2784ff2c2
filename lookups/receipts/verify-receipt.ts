import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, type ProtectedHeaderParameters } from 'jose';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../../catalog/canonical-json.ts';
import { certificateWithVersions } from '../../catalog/certificate-repository.ts';
import type { Database } from '../../catalog/database.ts';
import { findReceiptRow } from '../../catalog/receipt-log.ts';
import { shanghaiDate } from '../../catalog/shanghai-date.ts';
import type { CertStatus } from '../../schemas/types.ts';
import { asReceiptClaims, RECEIPT_TYPE, type ReceiptClaims } from './receipt-claims.ts';

/** Why a receipt does not hold, first failing check first. */
export const RECEIPT_PROBLEMS = {
  malformed: 'not a receipt: not a compact JWS with the receipt header and claims',
  unknown_key: 'signed with a key this hub never published (kid unknown): not issued by this hub',
  signature_invalid: 'the signature does not match: the receipt was altered after it was issued',
  foreign_issuer: 'issued by another hub',
  not_issued: 'the lookup log holds no check that issued this exact receipt',
  expired: 'the receipt has expired',
  certificate_gone: 'the certificate is no longer in the catalogue',
  certificate_withdrawn: 'the certificate has been revoked, cancelled or suspended since',
  certificate_expired: 'the certificate has expired since',
} as const;
export type ReceiptProblem = keyof typeof RECEIPT_PROBLEMS;

export interface CertificateNow {
  status: CertStatus;
  valid_until: string | null;
  /** valid_until is before today (Asia/Shanghai). */
  expired: boolean;
  version: number;
  /** The catalogue holds a newer version than the receipt names. */
  changed_since_issue: boolean;
}

export interface ReceiptVerdict {
  receipt_id: string | null;
  /** Issued by this hub as it stands (signature, issuer, lookup log when checked) and not expired. */
  valid: boolean;
  /** The first problem found, null when there is none. */
  reason: ReceiptProblem | null;
  message: string;
  signature_valid: boolean;
  issued_by_this_hub: boolean;
  expired: boolean | null;
  /** The lookup log records this exact token; null when verified offline. */
  logged: boolean | null;
  /** Whether the certificate is valid today; null when verified offline. */
  certificate_valid_now: boolean | null;
  certificate_now: CertificateNow | null;
  /** The receipt's claims, once its signature verified. */
  claims: ReceiptClaims | null;
}

export interface VerifyReceiptOptions {
  /** The hub's published keys. */
  jwks: JSONWebKeySet;
  /** The `iss` expected. */
  hubId: string;
  now: Date;
  /** Online verification: the catalogue's lookup log and certificates. */
  db?: Kysely<Database> | undefined;
}

const WITHDRAWN: ReadonlySet<CertStatus> = new Set<CertStatus>(['revoked', 'cancelled', 'suspended']);

function verdict(fields: Partial<ReceiptVerdict> & { reason: ReceiptProblem | null }): ReceiptVerdict {
  const reason = fields.reason;
  const base: ReceiptVerdict = {
    receipt_id: null,
    valid: false,
    reason,
    message: reason === null ? 'the receipt is valid and so is the certificate' : RECEIPT_PROBLEMS[reason],
    signature_valid: false,
    issued_by_this_hub: false,
    expired: null,
    logged: null,
    certificate_valid_now: null,
    certificate_now: null,
    claims: null,
  };
  return { ...base, ...fields };
}

function header(token: string): ProtectedHeaderParameters | undefined {
  try {
    return decodeProtectedHeader(token);
  } catch {
    return undefined;
  }
}

async function certificateNow(db: Kysely<Database>, claims: ReceiptClaims, now: Date): Promise<CertificateNow | null> {
  const c = claims.certificate;
  const found = await certificateWithVersions(db, { typeCode: c.cert_type_code, issuerCode: c.issuer_code, number: c.cert_number }, { today: shanghaiDate(now) });
  if (found === undefined) return null;
  const row = found.certificate;
  return { status: row.status, valid_until: row.valid_until, expired: row.expired, version: row.version, changed_since_issue: row.version !== c.version };
}

function certificateProblem(now: CertificateNow | null): ReceiptProblem | null {
  if (now === null) return 'certificate_gone';
  if (WITHDRAWN.has(now.status)) return 'certificate_withdrawn';
  if (now.expired || now.status === 'expired') return 'certificate_expired';
  return null;
}

/**
 * Checks a receipt: its signature against the hub's published keys, its issuer and expiry and,
 * online, that the lookup log holds this exact token and whether the certificate is still valid
 * today. Every outcome is an answer with a reason, never an exception.
 */
export async function verifyReceipt(token: string, options: VerifyReceiptOptions): Promise<ReceiptVerdict> {
  const compact = token.trim();
  const head = header(compact);
  if (head === undefined || head.typ !== RECEIPT_TYPE || typeof head.kid !== 'string') return verdict({ reason: 'malformed' });
  if (!options.jwks.keys.some((k) => k.kid === head.kid)) return verdict({ reason: 'unknown_key' });
  let payload: Uint8Array;
  try {
    payload = (await compactVerify(compact, createLocalJWKSet(options.jwks), { algorithms: ['EdDSA'] })).payload;
  } catch {
    return verdict({ reason: 'signature_invalid' });
  }
  let claims: ReceiptClaims | undefined;
  try {
    claims = asReceiptClaims(JSON.parse(new TextDecoder().decode(payload)));
  } catch {
    claims = undefined;
  }
  if (claims === undefined) return verdict({ reason: 'malformed', signature_valid: true });
  const signed = { receipt_id: claims.jti, claims, signature_valid: true };
  const fromHere = claims.iss === options.hubId;
  const expired = claims.exp * 1000 <= options.now.getTime();
  if (!fromHere) return verdict({ ...signed, reason: 'foreign_issuer', expired });
  const facts = { ...signed, issued_by_this_hub: true, expired };
  if (options.db === undefined) {
    return verdict({ ...facts, valid: !expired, reason: expired ? 'expired' : null, ...(!expired && { message: 'the receipt is valid; the certificate as it is now was not checked (offline)' }) });
  }
  const row = await findReceiptRow(options.db, claims.jti);
  const logged = row?.receipts?.[claims.jti] === sha256Hex(compact);
  const now = await certificateNow(options.db, claims, options.now);
  const online = { ...facts, logged, certificate_now: now, certificate_valid_now: certificateProblem(now) === null };
  const reason = !logged ? 'not_issued' : expired ? 'expired' : certificateProblem(now);
  return verdict({ ...online, valid: logged && !expired, reason });
}
