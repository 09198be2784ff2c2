import type { CertStatus } from '../../schemas/types.ts';
import { excelDateOfDay, formatDay, formatStamp } from './calendar.ts';
import type { CertDraft, Cell, DepartmentSpec, Row } from './department-spec.ts';
import type { Rng } from './prng.ts';

/** A date as the department writes it by default: a real date cell in spreadsheets, ISO text elsewhere. */
export function dateCell(spec: DepartmentSpec, day: number): Cell {
  return spec.format === 'xlsx' ? excelDateOfDay(day) : formatDay(day, 'iso');
}

/** The usual wording most of the time, another accepted wording now and then. */
function statusWord(spec: DepartmentSpec, status: CertStatus, rng: Rng): string {
  const words = spec.statusWords[status];
  if (!words || words.length === 0) throw new RangeError(`${spec.pipeline} has no wording for status ${status}`);
  return words.length === 1 || rng.chance(0.8) ? words[0]! : words[1 + rng.int(words.length - 1)]!;
}

/** The clean row of a certificate, by column name. */
export function renderRow(spec: DepartmentSpec, draft: CertDraft, rng: Rng): Row {
  const c = spec.columns;
  const row: Row = new Map(Object.entries(draft.surface));
  row.set(c.cert_number, draft.certNumber);
  row.set(c.holder_name, draft.holder.name);
  row.set(c.holder_id, draft.holder.id);
  if (c.issuer_name) row.set(c.issuer_name, draft.issuer.name);
  if (c.issuer_code) row.set(c.issuer_code, draft.issuer.code);
  row.set(c.issued_on, dateCell(spec, draft.issuedOn));
  if (c.valid_until) row.set(c.valid_until, draft.validUntil === null ? spec.longTerm : dateCell(spec, draft.validUntil));
  row.set(c.status, statusWord(spec, draft.status, rng));
  row.set(c.source_updated_at, formatStamp(draft.updatedAt, spec.stampStyle));
  return row;
}
