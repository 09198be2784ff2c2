/**
 * The quality report as `ecert report quality --format json` writes it; described for other
 * programs by schemas/quality-report.schema.json (a test checks real reports against it).
 */
export const DIMENSIONS = ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness', 'volume', 'coverage'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Verdict = 'pass' | 'warn' | 'fail' | 'none';

export interface Thresholds {
  warn_below: number;
  fail_below: number;
}

export interface DimensionScore {
  dimension: Dimension;
  /** 0–100, one decimal; null when there is nothing to measure. */
  score: number | null;
  verdict: Verdict;
}

export interface DepartmentScores {
  pipeline: string;
  cert_types: string[];
  certificates: number;
  scores: Record<Exclude<Dimension, 'coverage'>, number | null>;
  verdict: Verdict;
}

export interface CertificateTypeScores {
  cert_type_code: string;
  name: string | null;
  certificates: number;
  scores: { completeness: number | null; uniqueness: number | null; consistency: number | null };
  verdict: Verdict;
}

export interface CompletenessRow {
  pipeline: string;
  field: string;
  required: boolean;
  /** Loaded certificates plus, for required fields, records quarantined because a required field was missing. */
  records: number;
  present: number;
  share: number | null;
}

export interface ValidityPipeline {
  pipeline: string;
  loaded: number;
  quarantined: number;
  valid_share: number | null;
}

export interface ReasonCount {
  pipeline: string;
  reason: string;
  count: number;
}

export interface FailingField {
  pipeline: string;
  path: string | null;
  reason: string;
  count: number;
}

export interface RunDuplicates {
  run_id: string;
  pipeline: string;
  started_at: string;
  read: number;
  duplicates: number;
  duplicate_share: number | null;
}

export interface SeveralValid {
  cert_type_code: string;
  /** Holders with at least one currently valid certificate of the type. */
  holders: number;
  holders_with_several: number;
}

export interface ConsistencyGroup {
  pipeline: string;
  cert_type_code: string;
  certificates: number;
  /** Status valid but valid_until before the report date. */
  valid_but_expired: number;
  /** Organisation holders whose registration division and the issuer's division are both known. */
  division_checked: number;
  division_mismatch: number;
  /** Certificates with either problem. */
  inconsistent: number;
}

export interface SupersededCount {
  pipeline: string;
  versions: number;
}

export interface TimelinessRow {
  pipeline: string;
  newest_record_at: string | null;
  newest_record_age_hours: number | null;
  last_success_at: string | null;
  hours_since_last_success: number | null;
  schedule: string | null;
  expected_interval_hours: number | null;
  on_time: boolean;
}

export interface VolumeRun {
  run_id: string;
  pipeline: string;
  started_at: string;
  status: string;
  read: number;
  loaded: number;
  previous_read: number | null;
  change: number | null;
  change_share: number | null;
  flagged: boolean;
}

export interface CoverageMaterial {
  matter_code: string;
  material_code: string;
  name: string;
  required: boolean;
  accepted_cert_types: string[];
  replaceable: boolean;
  /** Holders of any accepted type of the matter who hold a currently valid certificate this material accepts. */
  covered_holders: number;
  share: number | null;
  waivable: boolean;
}

export interface CoverageMatter {
  matter_code: string;
  name: string;
  /** Holders with a certificate (any status) of a type any material of the matter accepts. */
  eligible_holders: number;
  materials: number;
  replaceable: number;
  waivable: number;
}

export interface Sample {
  dimension: Dimension;
  pipeline: string;
  kind: string;
  /** The failing row with identity numbers masked. */
  record: Record<string, unknown>;
}

export interface QualityReport {
  report: 'quality';
  version: 1;
  generated_at: string;
  /** The day validity and expiry are judged against (Asia/Shanghai). */
  as_of: string;
  filters: { since: string | null; pipeline: string | null };
  thresholds: Thresholds;
  totals: { certificates: number; matters: number; runs: number; open_quarantine: number };
  scores: DimensionScore[];
  departments: DepartmentScores[];
  certificate_types: CertificateTypeScores[];
  completeness: CompletenessRow[];
  validity: { pipelines: ValidityPipeline[]; reasons: ReasonCount[]; failing_fields: FailingField[] };
  uniqueness: { runs: RunDuplicates[]; several_valid: SeveralValid[] };
  consistency: { groups: ConsistencyGroup[]; superseded: SupersededCount[] };
  timeliness: { pipelines: TimelinessRow[] };
  volume: { runs: VolumeRun[]; zero_load_runs: number };
  coverage: { matters: CoverageMatter[]; materials: CoverageMaterial[]; materials_total: number; replaceable: number; waivable: number };
  samples: Sample[];
}
