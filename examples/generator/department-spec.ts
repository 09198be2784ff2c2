import type { CertificateType, CertStatus, HolderKind } from '../../schemas/types.ts';
import type { Authority } from './authorities.ts';
import type { StampStyle } from './calendar.ts';
import type { OrgFlavour } from './org-names.ts';
import type { Rng } from './prng.ts';

/** A source value: text everywhere, numbers and dates only in spreadsheets. */
export type Cell = string | number | Date | null;

/** A row by column name. A Map, because objects keyed by Chinese column names fall back to slow dictionary mode. */
export type Row = Map<string, Cell>;

export type DepartmentKey = 'scjg' | 'zj' | 'rs' | 'mz' | 'wj';
export type SourceFormat = 'csv' | 'jsonl' | 'xlsx';

/** Canonical certificate field → the department's column; this is the pipeline's `mapping`. */
export interface ColumnMap {
  cert_number: string;
  holder_name: string;
  holder_id: string;
  issuer_name?: string;
  issuer_code?: string;
  issued_on: string;
  valid_until?: string;
  status: string;
  source_updated_at: string;
}

export interface Holder {
  kind: HolderKind;
  /** The canonical (normalised) id. */
  id: string;
  name: string;
  male?: boolean;
  birthDay?: number;
  /** Organisations: the county they registered in. */
  division?: string;
}

/** One certificate as the department holds it, before it is written in the department's style. */
export interface CertDraft {
  certNumber: string;
  holder: Holder;
  issuer: Authority;
  issuedOn: number;
  /** null = long-term. */
  validUntil: number | null;
  status: CertStatus;
  /** Seconds, Shanghai wall-clock time. */
  updatedAt: number;
  /** Face fields (照面信息) by column name. */
  surface: Record<string, Cell>;
}

export interface DraftInput {
  /** 0-based data row. */
  index: number;
  rng: Rng;
  holder: Holder;
  today: number;
  updatedAt: number;
}

export interface DepartmentSpec {
  key: DepartmentKey;
  pipeline: string;
  /** The department's Chinese name. */
  department: string;
  certType: CertificateType;
  /** Share of the workspace's rows. */
  share: number;
  format: SourceFormat;
  encoding: 'utf-8' | 'gb18030';
  /** UTF-8 byte-order mark at the start of the file (Excel's "CSV UTF-8"). */
  bom: boolean;
  /** Relative to the workspace. */
  file: string;
  sheet?: string;
  /** A merged title row above the header, which then sits on row 2. */
  title?: (todayIso: string) => string;
  header: readonly string[];
  columns: ColumnMap;
  /** The issuer of every record when the source has no issuer columns (pipeline defaults). */
  fixedIssuer?: Authority;
  /** Organisation holders: which kind of company the department's holders are. */
  orgFlavour?: (rng: Rng) => OrgFlavour;
  stampStyle: StampStyle;
  /** The usual long-term wording of this department. */
  longTerm: string;
  /** Source wording per status; the first is the usual one. Statuses absent here are never drawn. */
  statusWords: Partial<Record<CertStatus, readonly string[]>>;
  /** Wording outside the accepted list (invalid_code). */
  unknownStatuses: readonly string[];
  draft(input: DraftInput): CertDraft;
  /** A later correction of the same certificate: one face field changes. */
  revise(draft: CertDraft, rng: Rng): { column: string; value: Cell };
}
