import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CertStatus, HolderKind, QuarantineReason } from '../schemas/types.ts';

/** Set by the database on insert unless given. */
type Defaulted<T> = ColumnType<T, T | string | undefined, T | string>;
type Timestamp = Defaulted<Date>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb: read back parsed, written as JSON text so pg and PGlite serialise it the same way. */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
type Counter = ColumnType<number, number | undefined, number>;

export interface CertificateTypesTable {
  code: string;
  name: string;
  holder_kind: HolderKind;
}

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

export interface CertificatesTable {
  cert_type_code: string;
  issuer_code: string;
  cert_number: string;
  issuer_name: string | null;
  holder_kind: HolderKind;
  holder_id_type: string;
  holder_id: string;
  holder_name: string;
  issued_on: string;
  valid_from: string | null;
  valid_until: string | null;
  status: CertStatus;
  surface: Json<Record<string, unknown>>;
  source_updated_at: NullableTimestamp;
  cert_identifier: string | null;
  content_hash: string;
  /** Version number of the version row this current row comes from. */
  version: number;
  pipeline: string;
  priority: number;
  last_run_id: string;
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
}

export interface MattersTable {
  matter_code: string;
  local_code: string | null;
  name: string;
  matter_type: string;
  dept_code: string;
  division_code: string;
  content_hash: string;
  pipeline: string;
  updated_at: Timestamp;
}

export interface MatterMaterialsTable {
  matter_code: string;
  material_code: string;
  name: string;
  required: boolean;
  accepted_cert_types: string[];
  form: string | null;
  source_channel: string | null;
  position: number;
}

/** `interrupted`: stopped by a signal after its current batch, or its process died mid-run. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface RunsTable {
  id: string;
  pipeline: string;
  status: RunStatus;
  trigger: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  read: Counter;
  inserted: Counter;
  updated: Counter;
  unchanged: Counter;
  duplicates: Counter;
  quarantined: Counter;
  error: NullableJson<unknown>;
}

export interface SyncStateTable {
  pipeline: string;
  /** The connector's own resume point; opaque here. */
  position: NullableJson<unknown>;
  fingerprint: string | null;
  /** Cursor tuple of the last complete run. */
  floor: NullableJson<unknown[]>;
  /** Highest cursor tuple committed so far. */
  max: NullableJson<unknown[]>;
  complete: ColumnType<boolean, boolean | undefined, boolean>;
  run_id: string | null;
  updated_at: Timestamp;
}

/**
 * How a quarantined record was closed: a later sync loaded its natural key (`reloaded`), `quarantine
 * retry` loaded it (`retried`), or someone closed it by hand (`dismissed`).
 */
export type QuarantineResolution = 'reloaded' | 'retried' | 'dismissed';

export interface QuarantineTable {
  id: Generated<number>;
  run_id: string;
  pipeline: string;
  line: number | null;
  raw: NullableJson<unknown>;
  /** sha-256 of the raw payload as received; with the line, the identity of an unresolved row. */
  payload_hash: string;
  /** The record's natural key when it could be read despite the bad field: a later load of that key resolves the row. */
  natural_key: string | null;
  reason: QuarantineReason;
  path: string | null;
  message: string;
  details: NullableJson<unknown>;
  created_at: Timestamp;
  resolved_at: NullableTimestamp;
  /** The run that loaded the record (reloaded, retried); null for a dismissal. */
  resolved_run_id: string | null;
  resolution: QuarantineResolution | null;
  /** Why a row was dismissed by hand. */
  resolution_note: string | null;
}

export interface ApiClientsTable {
  id: string;
  name: string;
  key_hash: string;
  scopes: string[];
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export type LookupKind = 'holder' | 'certificate' | 'check';

export interface LookupLogTable {
  seq: Generated<number>;
  at: Timestamp;
  client_id: string;
  purpose: string;
  kind: LookupKind;
  matter_code: string | null;
  /** Keyed hash of the holder id; the raw id is never stored. */
  holder_hash: string | null;
  result: Json<unknown>;
  block_id: number | null;
}

export interface LookupLogBlocksTable {
  id: number;
  first_seq: number;
  last_seq: number;
  row_count: number;
  prev_hash: string;
  hash: string;
  sealed_at: Timestamp;
}

export interface Database {
  certificate_types: CertificateTypesTable;
  certificates: CertificatesTable;
  certificate_versions: CertificateVersionsTable;
  matters: MattersTable;
  matter_materials: MatterMaterialsTable;
  runs: RunsTable;
  sync_state: SyncStateTable;
  quarantine: QuarantineTable;
  api_clients: ApiClientsTable;
  lookup_log: LookupLogTable;
  lookup_log_blocks: LookupLogBlocksTable;
}

export type CertificateTypeRow = Selectable<CertificateTypesTable>;
export type NewCertificateType = Insertable<CertificateTypesTable>;
export type CertificateTypeUpdate = Updateable<CertificateTypesTable>;

export type CertificateRow = Selectable<CertificatesTable>;
export type NewCertificate = Insertable<CertificatesTable>;
export type CertificateUpdate = Updateable<CertificatesTable>;

export type CertificateVersionRow = Selectable<CertificateVersionsTable>;
export type NewCertificateVersion = Insertable<CertificateVersionsTable>;
export type CertificateVersionUpdate = Updateable<CertificateVersionsTable>;

export type MatterRow = Selectable<MattersTable>;
export type NewMatter = Insertable<MattersTable>;
export type MatterUpdate = Updateable<MattersTable>;

export type MatterMaterialRow = Selectable<MatterMaterialsTable>;
export type NewMatterMaterial = Insertable<MatterMaterialsTable>;
export type MatterMaterialUpdate = Updateable<MatterMaterialsTable>;

export type RunRow = Selectable<RunsTable>;
export type NewRun = Insertable<RunsTable>;
export type RunUpdate = Updateable<RunsTable>;

export type SyncStateRow = Selectable<SyncStateTable>;
export type NewSyncState = Insertable<SyncStateTable>;
export type SyncStateUpdate = Updateable<SyncStateTable>;

export type QuarantineRow = Selectable<QuarantineTable>;
export type NewQuarantine = Insertable<QuarantineTable>;
export type QuarantineUpdate = Updateable<QuarantineTable>;

export type ApiClientRow = Selectable<ApiClientsTable>;
export type NewApiClient = Insertable<ApiClientsTable>;
export type ApiClientUpdate = Updateable<ApiClientsTable>;

export type LookupLogRow = Selectable<LookupLogTable>;
export type NewLookupLog = Insertable<LookupLogTable>;
export type LookupLogUpdate = Updateable<LookupLogTable>;

export type LookupLogBlockRow = Selectable<LookupLogBlocksTable>;
export type NewLookupLogBlock = Insertable<LookupLogBlocksTable>;
export type LookupLogBlockUpdate = Updateable<LookupLogBlocksTable>;
