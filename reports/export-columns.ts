import type { Database } from '../catalog/database.ts';

export type ColumnKind = 'text' | 'int' | 'bigint' | 'bool' | 'date' | 'timestamp' | 'json';

export interface ExportColumn {
  name: string;
  kind: ColumnKind;
  /** Holds identity numbers: masked unless the export is asked for them. */
  identity?: true;
}

export interface ExportSpec {
  table: keyof Database;
  key: readonly string[];
  columns: readonly ExportColumn[];
  joined?: readonly string[];
}

const c = (name: string, kind: ColumnKind = 'text', identity?: true): ExportColumn => (identity ? { name, kind, identity } : { name, kind });

/** The tables `ecert export` writes, by the name the command takes, every column as stored. */
export const EXPORT_TABLES = {
  certificates: {
    table: 'certificates',
    key: ['cert_type_code', 'issuer_code', 'cert_number'],
    columns: [
      c('cert_type_code'), c('issuer_code'), c('cert_number'), c('issuer_name'), c('holder_kind'), c('holder_id_type'),
      c('holder_id', 'text', true), c('holder_name'), c('issued_on', 'date'), c('valid_from', 'date'), c('valid_until', 'date'),
      c('status'), c('surface', 'json'), c('source_updated_at', 'timestamp'), c('cert_identifier'), c('content_hash'),
      c('version', 'int'), c('pipeline'), c('priority', 'int'), c('last_run_id'), c('created_at', 'timestamp'), c('updated_at', 'timestamp'),
    ],
  },
  versions: {
    table: 'certificate_versions',
    key: ['cert_type_code', 'issuer_code', 'cert_number', 'version'],
    columns: [
      c('cert_type_code'), c('issuer_code'), c('cert_number'), c('holder_id', 'text', true), c('version', 'int'), c('change'),
      c('data', 'json', true), c('content_hash'), c('valid_from', 'timestamp'), c('valid_to', 'timestamp'), c('run_id'), c('pipeline'),
      c('prev_hash'), c('hash'),
    ],
  },
  matters: {
    table: 'matters',
    key: ['matter_code'],
    columns: [
      c('matter_code'), c('local_code'), c('name'), c('matter_type'), c('dept_code'), c('division_code'), c('content_hash'),
      c('pipeline'), c('updated_at', 'timestamp'), c('materials', 'json'),
    ],
    /** Not a column of `matters`: each matter's materials (matter_materials), filled in per page. */
    joined: ['materials'],
  },
  runs: {
    table: 'runs',
    key: ['id'],
    columns: [
      c('id'), c('pipeline'), c('status'), c('trigger'), c('started_at', 'timestamp'), c('finished_at', 'timestamp'), c('read', 'bigint'),
      c('inserted', 'bigint'), c('updated', 'bigint'), c('unchanged', 'bigint'), c('duplicates', 'bigint'), c('quarantined', 'bigint'),
      c('error', 'json'),
    ],
  },
  quarantine: {
    table: 'quarantine',
    key: ['id'],
    columns: [
      c('id', 'bigint'), c('run_id'), c('pipeline'), c('line', 'int'), c('raw', 'json', true), c('payload_hash'), c('reason'), c('path'),
      c('message', 'text', true), c('details', 'json', true), c('created_at', 'timestamp'), c('resolved_at', 'timestamp'), c('resolved_run_id'),
    ],
  },
  lookups: {
    table: 'lookup_log',
    key: ['seq'],
    columns: [
      c('seq', 'bigint'), c('at', 'timestamp'), c('client_id'), c('purpose'), c('kind'), c('matter_code'), c('holder_hash'),
      c('result', 'json'), c('block_id', 'bigint'),
    ],
  },
} as const satisfies Record<string, ExportSpec>;

export type ExportTableName = keyof typeof EXPORT_TABLES;
export const EXPORT_TABLE_NAMES = Object.keys(EXPORT_TABLES) as ExportTableName[];
