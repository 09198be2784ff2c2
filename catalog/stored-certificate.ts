import { HubError } from '../core/errors.ts';
import type { Certificate } from '../schemas/types.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import type { CertificateRow, StoredCertificate } from './tables/certificates.ts';

function instant(value: string | Date | null | undefined, field: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new HubError('HUB_ERR_VALIDATION', `${field} is not a timestamp: ${String(value)}`);
  return date.toISOString();
}

/**
 * The exact set of Certificate fields that is stored and hashed. Extra properties a
 * record may carry are left out; absent optional fields become null (surface: {}), so
 * "missing" and "null" hash the same.
 */
export function toStoredCertificate(record: Certificate): StoredCertificate {
  return {
    cert_type_code: record.cert_type_code,
    cert_number: record.cert_number,
    issuer_code: record.issuer_code,
    issuer_name: record.issuer_name ?? null,
    holder_kind: record.holder_kind,
    holder_id_type: record.holder_id_type,
    holder_id: record.holder_id,
    holder_name: record.holder_name,
    issued_on: record.issued_on,
    valid_from: record.valid_from ?? null,
    valid_until: record.valid_until ?? null,
    status: record.status,
    surface: record.surface ?? {},
    source_updated_at: instant(record.source_updated_at, 'source_updated_at'),
    cert_identifier: record.cert_identifier ?? null,
  };
}

/** Rebuilds the stored fields from a current row, to check it against its content hash. */
export function storedFromRow(row: CertificateRow): StoredCertificate {
  return {
    cert_type_code: row.cert_type_code,
    cert_number: row.cert_number,
    issuer_code: row.issuer_code,
    issuer_name: row.issuer_name,
    holder_kind: row.holder_kind,
    holder_id_type: row.holder_id_type,
    holder_id: row.holder_id,
    holder_name: row.holder_name,
    issued_on: row.issued_on,
    valid_from: row.valid_from,
    valid_until: row.valid_until,
    status: row.status,
    surface: row.surface,
    source_updated_at: instant(row.source_updated_at, 'source_updated_at'),
    cert_identifier: row.cert_identifier,
  };
}

export function contentHash(stored: StoredCertificate): string {
  return sha256Hex(canonicalJson(stored));
}

export interface CertificateKey {
  typeCode: string;
  issuerCode: string;
  number: string;
}
