import type { CertificateView } from '../catalog/certificate-repository.ts';
import type { CertificateVersionRow, StoredCertificate } from '../catalog/tables.ts';
import type { CertStatus, HolderKind } from '../schemas/types.ts';

/** A certificate as the API returns it (schema `Certificate`): plain JSON values, no catalogue bookkeeping. */
export interface CertificateOut {
  cert_type_code: string;
  cert_number: string;
  issuer_code: string;
  issuer_name: string | null;
  holder_kind: HolderKind;
  holder_id_type: string;
  holder_id: string;
  holder_name: string;
  issued_on: string;
  valid_from: string | null;
  valid_until: string | null;
  status: CertStatus;
  surface: Record<string, unknown>;
  source_updated_at: string | null;
  cert_identifier: string | null;
  expired: boolean;
  version: number;
  content_hash: string;
  updated_at: string;
}

export interface CertificateVersionOut {
  version: number;
  change: CertificateVersionRow['change'];
  data: StoredCertificate;
  content_hash: string;
  valid_from: string;
  valid_to: string | null;
  run_id: string;
  pipeline: string;
  prev_hash: string;
  hash: string;
}

export function certificateOut(row: CertificateView): CertificateOut {
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
    source_updated_at: row.source_updated_at?.toISOString() ?? null,
    cert_identifier: row.cert_identifier,
    expired: row.expired,
    version: row.version,
    content_hash: row.content_hash,
    updated_at: row.updated_at.toISOString(),
  };
}

export function certificateVersionOut(row: CertificateVersionRow): CertificateVersionOut {
  return {
    version: row.version,
    change: row.change,
    data: row.data,
    content_hash: row.content_hash,
    valid_from: row.valid_from.toISOString(),
    valid_to: row.valid_to?.toISOString() ?? null,
    run_id: row.run_id,
    pipeline: row.pipeline,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}
