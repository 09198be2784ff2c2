import type { CertStatus, HolderKind, QuarantineReason } from '../../schemas/types.ts';
import type { CanonicalField, DefectKindName } from './defect-kinds.ts';
import type { SourceFormat } from './department-spec.ts';

/**
 * quarantined: the hub must quarantine the row. duplicate: the row repeats the natural key of the
 * row just before it with a later 更新时间 and one changed face field; it wins, and in-batch dedupe
 * drops the earlier row (either way one duplicate is counted). loaded: a variant that normalises
 * and loads.
 */
export type DefectOutcome = 'quarantined' | 'duplicate' | 'loaded';

export interface DefectEntry {
  /** Where the connector reports the row: CSV physical line (header = line 1), JSONL line, XLSX row number. */
  line: number;
  /** As in the source; empty when the defect is a missing number. */
  cert_number: string;
  kind: DefectKindName;
  /** Quarantine reason code; null for duplicates and normalisable variants. */
  reason: QuarantineReason | null;
  outcome: DefectOutcome;
  /** The canonical field affected (null for truncated lines and duplicates). */
  field: CanonicalField | null;
  /** The source column affected (for a duplicate: the face field that changed). */
  column: string | null;
  /** The value as written; a date cell as its ISO date. */
  value: string | number | null;
}

export interface DepartmentManifest {
  pipeline: string;
  department: string;
  file: string;
  format: SourceFormat;
  /** Text encoding; null for spreadsheets. */
  encoding: 'gb18030' | 'utf-8' | null;
  bom: boolean;
  sheet: string | null;
  /** null for JSONL. */
  header_row: number | null;
  /** Line (row) number of the first data row. */
  first_line: number;
  cert_type_code: string;
  holder_kind: HolderKind;
  /** Data rows or lines in the file, unreadable ones included. */
  read: number;
  /** A first sync into an empty catalogue: read = inserted + duplicates + Σ quarantined. */
  expected: {
    inserted: number;
    duplicates: number;
    /** Only the reasons that occur, in the order the hub checks them. */
    quarantined: Partial<Record<QuarantineReason, number>>;
  };
  /**
   * Loaded certificates by the status their source wording maps to; `expired_by_date` counts those
   * whose wording says valid but whose valid_until is before `today`.
   */
  statuses: Record<CertStatus, number>;
  expired_by_date: number;
  defects: DefectEntry[];
}

export type CheckExpectation = 'satisfied' | 'missing' | 'expired' | 'revoked' | 'not_replaceable';

export interface DemoMaterial {
  material_code: string;
  name: string;
  expected: CheckExpectation;
  /** The certificate that decides the outcome (null for missing / not replaceable). */
  certificate: { pipeline: string; cert_type_code: string; issuer_code: string; cert_number: string } | null;
}

export interface DemoCase {
  holder_id: string;
  holder_name: string;
  holder_kind: HolderKind;
  matter_code: string;
  matter_name: string;
  materials: DemoMaterial[];
}

export interface HolderSample {
  /** The id as a window clerk might type it, as written in the source (full-width, lower-case, 15-digit …). */
  query: string;
  /** The normalised id the catalogue holds. */
  holder_id: string;
  holder_kind: HolderKind;
  /** Certificates the catalogue holds for this holder across all pipelines. */
  certificates: number;
}

/**
 * 免证 coverage a quality report must find after a first sync: per matter, the holders with a
 * certificate (any status) of a type any of its materials accepts, and per material those of
 * them holding a currently valid certificate (status valid, not past valid_until) it accepts.
 */
export interface MatterCoverage {
  matter_code: string;
  eligible_holders: number;
  materials: { material_code: string; covered_holders: number }[];
}

export interface Manifest {
  seed: number;
  rows: number;
  today: string;
  /** Duplicates sit next to their original and never straddle a batch boundary of this size. */
  batch_size: number;
  departments: DepartmentManifest[];
  matters: { pipeline: string; file: string; count: number };
  coverage: MatterCoverage[];
  demo: {
    /** Every material of the matter is satisfied. */
    full_holder: DemoCase;
    /** One material expired, one missing, one satisfied. */
    partial_holder: DemoCase;
    organisation_holder: DemoCase;
    revoked_holder: DemoCase;
    /** Holds no certificate at all. */
    missing_holder: DemoCase;
  };
  holders: HolderSample[];
}
