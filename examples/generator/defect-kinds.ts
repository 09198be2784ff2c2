import { USCC_CHARSET } from '../../schemas/formats/uscc.ts';
import type { QuarantineReason } from '../../schemas/types.ts';
import { type DateStyle, excelSerialOfDay, formatDay, isLeapYear, ymdOfDay } from './calendar.ts';
import type { CertDraft, Cell, ColumnMap, DepartmentSpec, Row } from './department-spec.ts';
import { legacyResidentId } from './make-resident-id.ts';
import type { Rng } from './prng.ts';
import { dateCell } from './render-row.ts';

export type DefectKindName =
  | 'missing_cert_number'
  | 'missing_holder_name'
  | 'bad_check_digit'
  | 'wrong_length'
  | 'impossible_date'
  | 'until_before_issued'
  | 'unknown_status'
  | 'truncated_line'
  | 'duplicate'
  | 'fullwidth_id'
  | 'id_inner_space'
  | 'lowercase_id'
  | 'legacy_15_digit'
  | 'name_padding'
  | 'date_slash'
  | 'date_dot'
  | 'date_chinese'
  | 'date_compact'
  | 'excel_serial'
  | 'long_term_wording';

export type CanonicalField = keyof ColumnMap;

export interface DefectContext {
  spec: DepartmentSpec;
  draft: CertDraft;
  /** The clean row, changed in place. */
  row: Row;
  /** JSON keys to leave out of the line altogether. */
  omitted: Set<string>;
  rng: Rng;
}

export interface AppliedDefect {
  field: CanonicalField | null;
  /** The value as written (null when the field is empty or left out). */
  value: Cell;
}

export interface DefectKind {
  kind: DefectKindName;
  /** The quarantine reason the hub must give; null when the row loads. */
  reason: QuarantineReason | null;
  /** Chance per row in this department; 0 where the kind cannot occur. */
  rate(spec: DepartmentSpec): number;
  /** Writes the defect into the row, or returns undefined when this certificate cannot carry it. */
  apply(ctx: DefectContext): AppliedDefect | undefined;
}

const isPerson = (spec: DepartmentSpec): boolean => spec.certType.holder_kind === 'person';
const hasValidUntil = (spec: DepartmentSpec): boolean => spec.columns.valid_until !== undefined;

function toFullWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code >= 0x21 && code <= 0x7e ? String.fromCharCode(code + 0xfee0) : ch;
  }
  return out;
}

/** Leaves a field empty the way each format does: an empty CSV field, no cell, or an empty or absent JSON key. */
function blank(ctx: DefectContext, field: 'cert_number' | 'holder_name'): AppliedDefect {
  const column = ctx.spec.columns[field];
  if (ctx.spec.format === 'jsonl' && ctx.rng.chance(0.5)) {
    ctx.omitted.add(column);
    ctx.row.set(column, null);
  } else {
    ctx.row.set(column, ctx.spec.format === 'xlsx' ? null : '');
  }
  return { field, value: null };
}

function setId(ctx: DefectContext, value: string): AppliedDefect {
  ctx.row.set(ctx.spec.columns.holder_id, value);
  return { field: 'holder_id', value };
}

/** issued_on, or valid_until when the certificate has an end date and the coin says so. */
function someDateField(ctx: DefectContext): { field: 'issued_on' | 'valid_until'; day: number } {
  const until = ctx.draft.validUntil;
  if (ctx.spec.columns.valid_until !== undefined && until !== null && ctx.rng.chance(0.5)) return { field: 'valid_until', day: until };
  return { field: 'issued_on', day: ctx.draft.issuedOn };
}

function dateSpelling(kind: DefectKindName, style: DateStyle): DefectKind {
  return {
    kind,
    reason: null,
    rate: () => 0.01,
    apply(ctx) {
      const { field, day } = someDateField(ctx);
      const value = formatDay(day, style);
      ctx.row.set(ctx.spec.columns[field]!, value);
      return { field, value };
    },
  };
}

/**
 * Every kind of defect and normalisable variant, with its rate. A row carries at most one, so its
 * quarantine reason is never in doubt. Rates are about 1–3 %; `lowercase_id` is drawn more often
 * for persons because only ids ending in X can carry it.
 */
export const DEFECT_KINDS: readonly DefectKind[] = [
  {
    kind: 'missing_cert_number',
    reason: 'missing_field',
    rate: () => 0.01,
    apply: (ctx) => blank(ctx, 'cert_number'),
  },
  {
    kind: 'missing_holder_name',
    reason: 'missing_field',
    rate: () => 0.01,
    apply: (ctx) => blank(ctx, 'holder_name'),
  },
  {
    kind: 'bad_check_digit',
    reason: 'invalid_identifier',
    rate: () => 0.015,
    apply(ctx) {
      const id = ctx.draft.holder.id;
      const alphabet = isPerson(ctx.spec) ? '0123456789X' : USCC_CHARSET;
      const others = alphabet.replace(id[17]!, '');
      return setId(ctx, id.slice(0, 17) + ctx.rng.pick([...others]));
    },
  },
  {
    kind: 'wrong_length',
    reason: 'invalid_identifier',
    rate: () => 0.01,
    apply(ctx) {
      const id = ctx.draft.holder.id;
      if (ctx.rng.chance(0.5)) {
        const at = ctx.rng.int(18);
        return setId(ctx, id.slice(0, at) + id.slice(at + 1));
      }
      return setId(ctx, id + String(ctx.rng.int(10)));
    },
  },
  {
    kind: 'impossible_date',
    reason: 'invalid_date',
    rate: () => 0.01,
    apply(ctx) {
      const { y } = ymdOfDay(ctx.draft.issuedOn);
      const days = ['02-30', '02-31', '04-31', '06-31', '09-31', '11-31'];
      if (!isLeapYear(y)) days.push('02-29');
      const value = `${y}-${ctx.rng.pick(days)}`;
      ctx.row.set(ctx.spec.columns.issued_on, value);
      return { field: 'issued_on', value };
    },
  },
  {
    kind: 'until_before_issued',
    reason: 'invalid_date',
    rate: (spec) => (hasValidUntil(spec) ? 0.01 : 0),
    apply(ctx) {
      const value = dateCell(ctx.spec, ctx.draft.issuedOn - ctx.rng.between(1, 1000));
      ctx.row.set(ctx.spec.columns.valid_until!, value);
      return { field: 'valid_until', value };
    },
  },
  {
    kind: 'unknown_status',
    reason: 'invalid_code',
    rate: () => 0.01,
    apply(ctx) {
      const value = ctx.rng.pick(ctx.spec.unknownStatuses);
      ctx.row.set(ctx.spec.columns.status, value);
      return { field: 'status', value };
    },
  },
  {
    kind: 'truncated_line',
    reason: 'parse_error',
    rate: (spec) => (spec.format === 'jsonl' ? 0.01 : 0),
    apply: () => ({ field: null, value: null }),
  },
  {
    kind: 'duplicate',
    reason: null,
    rate: () => 0.02,
    apply: () => ({ field: null, value: null }),
  },
  {
    kind: 'fullwidth_id',
    reason: null,
    rate: () => 0.015,
    apply: (ctx) => setId(ctx, toFullWidth(ctx.draft.holder.id)),
  },
  {
    kind: 'id_inner_space',
    reason: null,
    rate: () => 0.01,
    apply(ctx) {
      const id = ctx.draft.holder.id;
      const at = isPerson(ctx.spec) ? 6 : 9;
      return setId(ctx, `${id.slice(0, at)} ${id.slice(at)}`);
    },
  },
  {
    kind: 'lowercase_id',
    reason: null,
    rate: (spec) => (isPerson(spec) ? 0.11 : 0.015),
    apply(ctx) {
      const id = ctx.draft.holder.id;
      const lower = id.toLowerCase();
      if (lower === id || (isPerson(ctx.spec) && !id.endsWith('X'))) return undefined;
      return setId(ctx, lower);
    },
  },
  {
    kind: 'legacy_15_digit',
    reason: null,
    rate: (spec) => (isPerson(spec) ? 0.02 : 0),
    apply(ctx) {
      const legacy = legacyResidentId(ctx.draft.holder.id);
      return legacy === undefined ? undefined : setId(ctx, legacy);
    },
  },
  {
    kind: 'name_padding',
    reason: null,
    rate: () => 0.01,
    apply(ctx) {
      const value = `\u3000${ctx.draft.holder.name}  `;
      ctx.row.set(ctx.spec.columns.holder_name, value);
      return { field: 'holder_name', value };
    },
  },
  dateSpelling('date_slash', 'slash'),
  dateSpelling('date_dot', 'dot'),
  dateSpelling('date_chinese', 'chinese'),
  dateSpelling('date_compact', 'compact'),
  {
    kind: 'excel_serial',
    reason: null,
    rate: (spec) => (spec.format === 'xlsx' ? 0.02 : 0),
    apply(ctx) {
      const { field, day } = someDateField(ctx);
      const value = excelSerialOfDay(day);
      ctx.row.set(ctx.spec.columns[field]!, value);
      return { field, value };
    },
  },
  {
    kind: 'long_term_wording',
    reason: null,
    rate: (spec) => (hasValidUntil(spec) ? 0.02 : 0),
    apply(ctx) {
      if (ctx.draft.validUntil !== null) return undefined;
      const value = ctx.rng.pick(['永久', '长期有效', '9999-12-31'].filter((w) => w !== ctx.spec.longTerm));
      ctx.row.set(ctx.spec.columns.valid_until!, value);
      return { field: 'valid_until', value };
    },
  },
];
