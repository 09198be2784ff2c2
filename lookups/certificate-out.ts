import type { CertificateView } from '../catalog/certificate-repository.ts';
import { storedFromRow } from '../catalog/stored-certificate.ts';
import type { CertificateVersionRow, StoredCertificate } from '../catalog/tables/certificates.ts';

/** A certificate as the API returns it (schema `Certificate`): plain JSON values, no catalogue bookkeeping. */
export interface CertificateOut extends StoredCertificate {
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
    ...storedFromRow(row),
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
