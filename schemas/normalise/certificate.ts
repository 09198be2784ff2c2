import type { CertificateType, CertStatus, HolderKind } from '../types.ts';
import { normaliseDate, normaliseTimestamp, normaliseValidUntil } from './date.ts';
import { normaliseTextValue, type Clean } from './fields.ts';
import { normaliseHolderIdentity } from './identifier.ts';
import { normaliseStatus } from './status.ts';
import { cleanCode, cleanName, cleanText } from './text.ts';

export interface NormaliseCertificateOptions {
  /** The pipeline's own status wording → canonical status; consulted before the standard table. */
  statusMap?: Readonly<Record<string, CertStatus>>;
  /** Decides whether a resident id's birth date lies in the future when the holder kind is guessed. */
  today?: Date;
  /** The workspace's types: a record without holder_kind takes its type's kind. */
  certificateTypes?: readonly CertificateType[];
  /** An empty valid_until stays missing for validation to reject, instead of becoming null (long-term). */
  requireValidUntil?: boolean;
}

/**
 * Type codes and certificate numbers are matched verbatim against other systems, so they are
 * only trimmed and made half-width; codes whose format the standards fix are upper-cased with
 * spaces and hyphens removed.
 */
const TEXT_FIELDS: ReadonlyMap<string, Clean> = new Map([
  ['cert_type_code', cleanText],
  ['cert_number', cleanText],
  ['issuer_code', cleanCode],
  ['issuer_name', cleanName],
  ['holder_name', cleanName],
  ['cert_identifier', cleanCode],
]);

/** Handled after the other fields, because each depends on the others. */
const HOLDER_FIELDS = new Set(['holder_id', 'holder_kind', 'holder_id_type']);

const kindsByTypeList = new WeakMap<readonly CertificateType[], Map<string, HolderKind>>();

function kindOfType(types: readonly CertificateType[] | undefined, code: unknown): HolderKind | undefined {
  if (!types || typeof code !== 'string') return undefined;
  let kinds = kindsByTypeList.get(types);
  if (!kinds) {
    kinds = new Map(types.map((t) => [t.code, t.holder_kind]));
    kindsByTypeList.set(types, kinds);
  }
  return kinds.get(code);
}

function isBlank(value: unknown): boolean {
  return typeof value === 'string' && cleanText(value) === '';
}

/** A value that does not parse stays as the source wrote it, so validation can name it. */
function orAsFound(normalised: unknown, raw: unknown): unknown {
  return normalised === undefined ? raw : normalised;
}

function normaliseField(key: string, value: unknown, options: NormaliseCertificateOptions): unknown {
  const clean = TEXT_FIELDS.get(key);
  if (clean) return normaliseTextValue(value, clean);
  if (value === null || !(key === 'issued_on' || key === 'valid_from' || key === 'valid_until' || key === 'source_updated_at' || key === 'status')) {
    return value;
  }
  if (isBlank(value)) return key === 'valid_until' && options.requireValidUntil !== true ? null : undefined;
  switch (key) {
    case 'valid_until':
      return orAsFound(normaliseValidUntil(value), value);
    case 'source_updated_at':
      return orAsFound(normaliseTimestamp(value), value);
    case 'status':
      return orAsFound(normaliseStatus(value, options.statusMap), typeof value === 'string' ? cleanText(value) : value);
    default:
      return orAsFound(normaliseDate(value), value);
  }
}

/**
 * One mapped source record → a canonical certificate, as far as it can be made one. Pure: the
 * input is not changed. Empty values become missing fields (a missing valid_until becomes null:
 * no end date, unless `requireValidUntil`). Values that cannot be normalised are left as found, so validation reports them
 * with the right reason; fields the schema does not know are kept for validation to reject.
 */
export function normaliseCertificate(input: Record<string, unknown>, options: NormaliseCertificateOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (HOLDER_FIELDS.has(key)) continue;
    const value = normaliseField(key, input[key], options);
    if (value !== undefined) out[key] = value;
  }
  if (out.valid_until === undefined && options.requireValidUntil !== true) out.valid_until = null;
  const identity = normaliseHolderIdentity(input, kindOfType(options.certificateTypes, out.cert_type_code), options.today);
  if (identity.holder_id !== undefined) out.holder_id = identity.holder_id;
  if (identity.holder_kind !== undefined) out.holder_kind = identity.holder_kind;
  if (identity.holder_id_type !== undefined) out.holder_id_type = identity.holder_id_type;
  return out;
}
