import { DIMENSIONS, type QualityReport } from './report-types.ts';

export type Cell = string | number | boolean | null;

export interface ReportTable {
  /** File-name-safe: the CSV file is `<name>.csv`. */
  name: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

const DEPARTMENT_DIMENSIONS = DIMENSIONS.filter((d) => d !== 'coverage');

function table<T>(name: string, title: string, columns: (keyof T & string)[], items: T[]): ReportTable {
  return { name, title, columns, rows: items.map((item) => columns.map((c) => cell(item[c]))) };
}

function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join(' ');
  if (typeof value === 'object') return JSON.stringify(value);
  return value as Cell;
}

/**
 * The report as flat tables, in reading order: the CSV format writes one file per table, and the
 * HTML report shows the same tables below its charts.
 */
export function reportTables(r: QualityReport): ReportTable[] {
  return [
    table('scores', 'Scores per dimension', ['dimension', 'score', 'verdict'], r.scores),
    {
      name: 'departments',
      title: 'Scores per department (pipeline)',
      columns: ['pipeline', 'cert_types', 'certificates', ...DEPARTMENT_DIMENSIONS, 'verdict'],
      rows: r.departments.map((d) => [d.pipeline, d.cert_types.join(' '), d.certificates, ...DEPARTMENT_DIMENSIONS.map((k) => d.scores[k]), d.verdict]),
    },
    {
      name: 'certificate_types',
      title: 'Scores per certificate type',
      columns: ['cert_type_code', 'name', 'certificates', 'completeness', 'uniqueness', 'consistency', 'verdict'],
      rows: r.certificate_types.map((t) => [t.cert_type_code, t.name, t.certificates, t.scores.completeness, t.scores.uniqueness, t.scores.consistency, t.verdict]),
    },
    table('completeness', 'Completeness: non-null share per field', ['pipeline', 'field', 'required', 'records', 'present', 'share'], r.completeness),
    table('validity', 'Validity per pipeline', ['pipeline', 'loaded', 'quarantined', 'valid_share'], r.validity.pipelines),
    table('quarantine_reasons', 'Quarantine by reason code', ['pipeline', 'reason', 'count'], r.validity.reasons),
    table('failing_fields', 'Fields that fail most', ['pipeline', 'path', 'reason', 'count'], r.validity.failing_fields),
    table('duplicates_per_run', 'Duplicates per run', ['run_id', 'pipeline', 'started_at', 'read', 'duplicates', 'duplicate_share'], r.uniqueness.runs),
    table('several_valid', 'Holders with several valid certificates of one type', ['cert_type_code', 'holders', 'holders_with_several'], r.uniqueness.several_valid),
    table(
      'consistency',
      'Consistency per pipeline and type',
      ['pipeline', 'cert_type_code', 'certificates', 'valid_but_expired', 'division_checked', 'division_mismatch', 'inconsistent'],
      r.consistency.groups,
    ),
    table('superseded', 'Cross-source conflicts superseded', ['pipeline', 'versions'], r.consistency.superseded),
    table(
      'timeliness',
      'Timeliness per pipeline',
      ['pipeline', 'newest_record_at', 'newest_record_age_hours', 'last_success_at', 'hours_since_last_success', 'schedule', 'expected_interval_hours', 'on_time'],
      r.timeliness.pipelines,
    ),
    table('volume', 'Records per run', ['run_id', 'pipeline', 'started_at', 'status', 'read', 'loaded', 'previous_read', 'change', 'change_share', 'flagged'], r.volume.runs),
    table('coverage_matters', '免证 coverage per matter', ['matter_code', 'name', 'eligible_holders', 'materials', 'replaceable', 'waivable'], r.coverage.matters),
    table(
      'coverage_materials',
      '免证 coverage per material',
      ['matter_code', 'material_code', 'name', 'required', 'accepted_cert_types', 'replaceable', 'covered_holders', 'share', 'waivable'],
      r.coverage.materials,
    ),
    table('samples', 'Sampled failing rows (identity numbers masked)', ['dimension', 'pipeline', 'kind', 'record'], r.samples),
  ];
}
