import type { CertStatus } from '../../schemas/types.ts';

/** JWS `typ` of a receipt, so that no other token signed by the hub passes for one. */
export const RECEIPT_TYPE = 'ecert-receipt+jwt';

/** What a receipt (加注件) says, signed: which certificate the window relied on, for what, until when. */
export interface ReceiptClaims {
  /** Receipt id. */
  jti: string;
  /** The hub that issued it (ECERT_HUB_ID). */
  iss: string;
  /** Issued at / valid until, seconds since the epoch. */
  iat: number;
  exp: number;
  /** The certificate as the catalogue held it when the check ran. */
  certificate: {
    cert_type_code: string;
    issuer_code: string;
    cert_number: string;
    version: number;
    content_hash: string;
    status: CertStatus;
    valid_from: string | null;
    valid_until: string | null;
  };
  /** The date (Asia/Shanghai) validity was judged on. */
  as_of: string;
  matter_code: string;
  material_code: string;
  /** The API client that ran the check (`cli` for the command line). */
  client: string;
  /** 查询事由, as the lookup log stores it (identity numbers masked). */
  purpose: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payload of a verified token when it has every claim of a receipt; undefined otherwise. */
export function asReceiptClaims(payload: unknown): ReceiptClaims | undefined {
  if (!isRecord(payload) || !isRecord(payload.certificate)) return undefined;
  const strings = ['jti', 'iss', 'as_of', 'matter_code', 'material_code', 'client', 'purpose'];
  if (!strings.every((k) => typeof payload[k] === 'string')) return undefined;
  if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number') return undefined;
  const c = payload.certificate;
  if (!['cert_type_code', 'issuer_code', 'cert_number', 'content_hash', 'status'].every((k) => typeof c[k] === 'string')) return undefined;
  if (typeof c.version !== 'number') return undefined;
  return payload as unknown as ReceiptClaims;
}
