import type { ColumnType, Selectable } from 'kysely';
import type { CertStatus, HolderKind } from '../../schemas/types.ts';
import type { Json, NullableTimestamp, Timestamp } from './column-types.ts';

/** The fields of a Certificate as stored and hashed: every optional field present, absent = null. */
export interface StoredCertificate {
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
  /** ISO instant in UTC (`toISOString()`), so that equal instants hash equal. */
  source_updated_at: string | null;
  cert_identifier: string | null;
}

/** The current row per natural key: the stored certificate, with jsonb and timestamp columns as the driver sees them. */
export interface CertificatesTable extends Omit<StoredCertificate, 'surface' | 'source_updated_at'> {
  surface: Json<Record<string, unknown>>;
  source_updated_at: NullableTimestamp;
  content_hash: string;
  /** Version number of the version row this current row comes from. */
  version: number;
  pipeline: string;
  priority: number;
  last_run_id: string;
  /** Raw source record and transform (see recordFingerprint) that produced `source_content_hash`; null when unknown. */
  source_fingerprint: ColumnType<string | null, string | null | undefined, string | null>;
  /** The content hash that record was made into: the fingerprint holds while it equals `content_hash`. */
  source_content_hash: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type VersionChange = 'insert' | 'update' | 'superseded' | 'cancelled-at-source';

export interface CertificateVersionsTable {
  cert_type_code: string;
  issuer_code: string;
  cert_number: string;
  /** Carried so that versions can be co-located with their certificate when distributed by holder. */
  holder_id: string;
  version: number;
  change: VersionChange;
  data: Json<StoredCertificate>;
  content_hash: string;
  valid_from: Timestamp;
  valid_to: NullableTimestamp;
  run_id: string;
  pipeline: string;
  prev_hash: string;
  hash: string;
  /** The seal block that first covered this version (see certificate-seals.ts); null until sealed. */
  sealed_in: ColumnType<number | null, number | null | undefined, number | null>;
}

export type CertificateRow = Selectable<CertificatesTable>;
export type CertificateVersionRow = Selectable<CertificateVersionsTable>;
