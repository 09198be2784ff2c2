import type { ErrorObject } from 'ajv';
import { validators } from './ajv.ts';
import { describeSchemaError, relevantErrors } from './describe-schema-error.ts';
import { dottedPath, fieldLabel } from './field-label.ts';
import { certIdentifierCheck, parseCertIdentifier } from './formats/cert-identifier.ts';
import { classifyId } from './formats/classify-id.ts';
import { checkDivisionCode, type DivisionCandidate, divisionCandidates } from './formats/division-code.ts';
import type { IdKind, IdReason, IdResult } from './formats/id-result.ts';
import { isMatterType } from './formats/matter-type.ts';
import { checkUscc } from './formats/uscc.ts';
import { isIsoDate, isIsoTimestamp } from './normalise/date.ts';
import { isPlainObject } from './normalise/fields.ts';
import { cleanCode } from './normalise/text.ts';
import { checkHolderId } from './normalise/identifier.ts';
import { isCertStatus } from './normalise/status.ts';
import { schemas } from './schema-documents.ts';
import { SURFACE_FIELD_MAX, SURFACE_MAX } from './surface-limits.ts';
import type { Certificate, CertificateType, Matter, QuarantineReason } from './types.ts';

/**
 * Record validation: exactly one reason per rejected record, the first rule it breaks in the
 * order of QUARANTINE_REASONS (parse_error is the connectors' to decide). The explicit checks
 * below run in that order; the compiled schema comes last and catches everything else as
 * invalid_value.
 */

export interface ValidateRecordOptions {
  /** Resident ids born after this day are rejected (`date`). */
  today?: Date;
  /** `warn`: a USCC or resident id whose check character fails loads, with a warning. */
  identifierCheck?: 'strict' | 'warn';
  /** The workspace's certificate types; when given and not empty, other type codes are `invalid_code`. */
  certificateTypes?: readonly CertificateType[];
  /** A certificate without valid_until is missing_field; null (长期 written out) still means long-term. */
  requireValidUntil?: boolean;
}

export interface RecordWarning {
  /** JSON pointer of the field. */
  path: string;
  message: string;
}

export interface ValidationDetails {
  /**
   * Which identifier rule failed, for invalid_identifier; `ambiguous` for a division name that names
   * several divisions; `require_valid_until` for a valid_until the pipeline requires.
   */
  reason?: IdReason | 'ambiguous' | 'require_valid_until';
  value?: unknown;
  /** The schema keyword that failed, for invalid_value. */
  keyword?: string;
  /** For a checksum failure: the check character the other characters call for, and the one found. */
  expected?: string;
  found?: string;
  /** `excel_scientific`: the value is what Excel makes of a long number in a column not formatted as text. */
  hint?: 'excel_scientific';
  /** For a size limit: the limit and the size found, in characters. */
  limit?: number;
  size?: number;
  /** For a division name that names more than one division: each of them. */
  candidates?: DivisionCandidate[];
}

export type ValidationResult<T> =
  | { ok: true; record: T; warnings: RecordWarning[] }
  | { ok: false; reason: QuarantineReason; path: string; message: string; details?: ValidationDetails };

type Failure = Extract<ValidationResult<unknown>, { ok: false }>;
type RecordSchema = 'certificate' | 'matter';

const CERTIFICATE_REQUIRED: readonly string[] = schemas.certificate.required;
const MATTER_REQUIRED: readonly string[] = schemas.matter.required;
const MATERIAL_REQUIRED: readonly string[] = schemas.matter.$defs.material.required;

const ID_NAMES: Record<IdKind, string> = {
  uscc: '统一社会信用代码',
  'org-code': '组织机构代码',
  'resident-id': '公民身份号码',
  'division-code': '行政区划代码',
  unknown: '代码',
};

const EXPECTED_LENGTH: Record<IdKind, string> = {
  uscc: '18',
  'org-code': '9',
  'resident-id': '18 (or 15 for a legacy number)',
  'division-code': '6, 9 or 12',
  unknown: '18',
};

function fail(reason: QuarantineReason, path: string, message: string, details?: ValidationDetails): Failure {
  return details === undefined ? { ok: false, reason, path, message } : { ok: false, reason, path, message, details };
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

/** Plain words for a failed identifier check; the reason word in brackets matches details.reason. */
function describeIdProblem(r: IdResult): string {
  const v = r.normalised;
  switch (r.reason) {
    case 'length':
      return `has ${v.length} characters, expected ${EXPECTED_LENGTH[r.kind]} (length)`;
    case 'charset':
      return r.kind === 'resident-id'
        ? 'must be digits, with X allowed only as the last character (charset)'
        : 'contains characters outside its character set (charset)';
    case 'checksum':
      // A mistyped digit elsewhere also breaks the check: say so, lest someone "fix" only the last character.
      return r.expected === undefined
        ? 'check character is wrong (checksum)'
        : `check character should be ${r.expected}, found ${v.slice(-1)}, unless another character was mistyped (checksum)`;
    case 'date':
      return `birth date ${v.slice(6, 14)} is not a real day, lies in the future or is before 1800 (date)`;
    case 'division':
      return r.kind === 'resident-id'
        ? `address code ${v.slice(0, 6)} does not start with a province, permit (81/82/83) or permanent-resident (9 + province) prefix (division)`
        : `${v} is not in the division list (division)`;
    case 'format':
      return r.kind === 'uscc' ? 'positions 3–8 must be a 6-digit division code (format)' : 'is not in the expected format (format)';
    case undefined:
      return 'is not valid';
  }
}

/** What is wrong with an identifier that failed its check, in the words quarantine uses: `公民身份号码: check character is wrong (checksum)`. */
export function describeIdFailure(r: IdResult): string {
  return `${ID_NAMES[r.kind]}: ${describeIdProblem(r)}`;
}

/** Only a valid USCC or resident id tells the normaliser the holder's kind (a valid organisation code does not). */
function isInferable(holderId: string, today: Date): boolean {
  const r = classifyId(holderId, today);
  return r.valid && (r.kind === 'uscc' || r.kind === 'resident-id');
}

function idLabel(r: IdResult, pointer: string): string {
  return `${ID_NAMES[r.kind]} ${dottedPath(pointer)}`;
}

/**
 * One identifier against its check. Under `warn`, a failing check character becomes a warning and
 * the pointer is remembered so the schema's own format check on it is not counted again.
 */
function identifierProblem(
  pointer: string,
  value: string,
  r: IdResult,
  options: ValidateRecordOptions,
  warnings: RecordWarning[],
  waived: Set<string>,
): Failure | undefined {
  if (!r.valid) {
    if (r.reason === 'checksum' && options.identifierCheck === 'warn') {
      warnings.push({ path: pointer, message: `${idLabel(r, pointer)}: ${describeIdProblem(r)}; loaded because identifier_check is warn` });
      waived.add(pointer);
      return undefined;
    }
    const checksum = r.reason === 'checksum' && r.expected !== undefined ? { expected: r.expected, found: r.normalised.slice(-1) } : {};
    return fail('invalid_identifier', pointer, `${idLabel(r, pointer)}: ${describeIdProblem(r)}`, { reason: r.reason ?? 'format', value, ...checksum });
  }
  if (r.normalised !== value) {
    return fail('invalid_identifier', pointer, `${idLabel(r, pointer)}: is not written in normal form, expected ${r.normalised} (format)`, {
      reason: 'format',
      value,
    });
  }
  for (const w of r.warnings ?? []) warnings.push({ path: pointer, message: `${idLabel(r, pointer)}: ${w}` });
  return undefined;
}

const SCIENTIFIC = /^\d+(?:\.\d+)?E\+?\d+$/;

/**
 * Excel shows an 18-digit id in a General-formatted column as 3.30502E+17 and keeps only 15
 * digits, so the id is lost before it reaches us: only re-exporting the column as text helps.
 */
function excelMangledProblem(schema: RecordSchema, pointer: string, value: unknown): Failure | undefined {
  const label = fieldLabel(schema, pointer);
  const hint = 'format the column as text before exporting';
  if (typeof value === 'string' && SCIENTIFIC.test(cleanCode(value))) {
    return fail('invalid_identifier', pointer, `${label}: ${value} looks like Excel scientific notation: ${hint} (format)`, {
      reason: 'format',
      hint: 'excel_scientific',
      value,
    });
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value) && Math.abs(value) >= 1e15) {
    return fail('invalid_identifier', pointer, `${label}: is a number in the spreadsheet, which keeps only 15 digits of an id (Excel scientific notation): ${hint} (format)`, {
      reason: 'format',
      hint: 'excel_scientific',
      value,
    });
  }
  return undefined;
}

function dateProblem(schema: RecordSchema, record: Record<string, unknown>, field: string): Failure | undefined {
  const value = record[field];
  if (value === undefined || value === null || isIsoDate(value)) return undefined;
  return fail(
    'invalid_date',
    `/${field}`,
    `${fieldLabel(schema, `/${field}`)}: ${JSON.stringify(value)} is not a real calendar day in any accepted form`,
    { value },
  );
}

/** The first schema error left once waived identifier checks (already warnings) are set aside. */
function schemaProblem(schema: RecordSchema, errors: readonly ErrorObject[] | null | undefined, waived: Set<string>): Failure | undefined {
  for (const err of relevantErrors(errors)) {
    if (err.keyword === 'format' && waived.has(err.instancePath)) continue;
    const { pointer, message } = describeSchemaError(schema, err);
    const reason: QuarantineReason = err.keyword === 'required' ? 'missing_field' : 'invalid_value';
    return fail(reason, pointer, message, { keyword: err.keyword });
  }
  return undefined;
}

function missingProblem(schema: RecordSchema, pointer: string): Failure {
  return fail('missing_field', pointer, `${fieldLabel(schema, pointer)}: is missing or empty`);
}

function typesByCode(types: readonly CertificateType[] | undefined): Map<string, CertificateType> | undefined {
  return types && types.length > 0 ? new Map(types.map((t) => [t.code, t])) : undefined;
}

const typeMaps = new WeakMap<readonly CertificateType[], Map<string, CertificateType> | undefined>();

function knownTypes(types: readonly CertificateType[] | undefined): Map<string, CertificateType> | undefined {
  if (!types) return undefined;
  if (!typeMaps.has(types)) typeMaps.set(types, typesByCode(types));
  return typeMaps.get(types);
}

function certIdentifierWarning(record: Record<string, unknown>): RecordWarning | undefined {
  const value = record.cert_identifier;
  if (typeof value !== 'string') return undefined;
  const parts = parseCertIdentifier(value);
  if (!parts) return undefined;
  const expected = certIdentifierCheck(parts);
  return expected === parts.check
    ? undefined
    : {
        path: '/cert_identifier',
        message: `${fieldLabel('certificate', '/cert_identifier')}: check character ${parts.check} does not match ${expected} (ISO/IEC 7064 MOD 37,36)`,
      };
}

function pointerPart(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The first surface field above SURFACE_FIELD_MAX, else the whole surface above SURFACE_MAX. */
function surfaceSizeProblem(surface: unknown): Failure | undefined {
  if (!isPlainObject(surface)) return undefined;
  const label = fieldLabel('certificate', '/surface');
  // The JSON text of the whole object: braces, and per member its quoted key, a colon and a comma.
  let total = 2;
  for (const [name, value] of Object.entries(surface)) {
    const size = typeof value === 'string' ? value.length : (JSON.stringify(value)?.length ?? 0);
    if (size > SURFACE_FIELD_MAX) {
      return fail('invalid_value', `/surface/${pointerPart(name)}`, `${label}.${name}: ${size} characters, above the limit of ${SURFACE_FIELD_MAX} per field`, {
        keyword: 'maxLength',
        limit: SURFACE_FIELD_MAX,
        size,
      });
    }
    total += name.length + size + 4;
  }
  if (total > SURFACE_MAX) {
    return fail('invalid_value', '/surface', `${label}: about ${total} characters as JSON, above the limit of ${SURFACE_MAX} for the whole surface`, {
      keyword: 'maxLength',
      limit: SURFACE_MAX,
      size: total,
    });
  }
  return undefined;
}

/** Validates a normalised certificate (see normaliseCertificate). */
export function validateCertificate(record: unknown, options: ValidateRecordOptions = {}): ValidationResult<Certificate> {
  if (!isPlainObject(record)) return fail('invalid_value', '', 'a certificate must be a JSON object');
  const today = options.today ?? new Date();
  const warnings: RecordWarning[] = [];
  const waived = new Set<string>();

  // missing_field. A holder id that passes no check leaves holder_kind and holder_id_type unset;
  // that is the identifier's fault, reported as invalid_identifier below.
  const holderId = record.holder_id;
  const unclassified = typeof holderId === 'string' && isPresent(holderId) && !isPresent(record.holder_id_type) && !isInferable(holderId, today);
  for (const field of CERTIFICATE_REQUIRED) {
    if (unclassified && (field === 'holder_id_type' || field === 'holder_kind')) continue;
    if (!isPresent(record[field])) return missingProblem('certificate', `/${field}`);
  }
  if (options.requireValidUntil === true && record.valid_until === undefined) {
    return fail(
      'missing_field',
      '/valid_until',
      `${fieldLabel('certificate', '/valid_until')}: is missing or empty; the pipeline sets require_valid_until, so a certificate without end date must say 长期`,
      { reason: 'require_valid_until' },
    );
  }

  // invalid_identifier
  for (const field of ['holder_id', 'issuer_code']) {
    const problem = excelMangledProblem('certificate', `/${field}`, record[field]);
    if (problem) return problem;
  }
  if (unclassified) {
    const r = classifyId(holderId, today);
    const reading = r.valid
      ? `it is a ${ID_NAMES[r.kind]}; map holder_id_type or holder_kind to say what it identifies`
      : `read as a ${ID_NAMES[r.kind]}: ${describeIdProblem(r)}`;
    return fail(
      'invalid_identifier',
      '/holder_id',
      `${fieldLabel('certificate', '/holder_id')}: is neither a valid 统一社会信用代码 nor a valid 公民身份号码 (${reading})`,
      { reason: r.reason ?? 'format', value: holderId, ...(r.expected === undefined ? {} : { expected: r.expected, found: r.normalised.slice(-1) }) },
    );
  }
  if (typeof holderId === 'string' && typeof record.holder_id_type === 'string') {
    const r = checkHolderId(holderId, record.holder_id_type, today);
    const problem = r && identifierProblem('/holder_id', holderId, r, options, warnings, waived);
    if (problem) return problem;
  }
  if (typeof record.issuer_code === 'string') {
    const problem = identifierProblem('/issuer_code', record.issuer_code, checkUscc(record.issuer_code), options, warnings, waived);
    if (problem) return problem;
  }

  // invalid_date
  for (const field of ['issued_on', 'valid_from', 'valid_until']) {
    const problem = dateProblem('certificate', record, field);
    if (problem) return problem;
  }
  const updated = record.source_updated_at;
  if (updated !== undefined && updated !== null && !isIsoTimestamp(updated)) {
    return fail('invalid_date', '/source_updated_at', `${fieldLabel('certificate', '/source_updated_at')}: ${JSON.stringify(updated)} is not a timestamp`, {
      value: updated,
    });
  }
  const until = record.valid_until;
  for (const field of ['issued_on', 'valid_from']) {
    const start = record[field];
    if (typeof until === 'string' && typeof start === 'string' && until < start) {
      return fail('invalid_date', '/valid_until', `${fieldLabel('certificate', '/valid_until')}: ${until} is before ${fieldLabel('certificate', `/${field}`)} ${start}`, {
        value: until,
      });
    }
  }

  // invalid_code
  if (!isCertStatus(record.status)) {
    return fail(
      'invalid_code',
      '/status',
      `${fieldLabel('certificate', '/status')}: ${JSON.stringify(record.status)} is not a known status wording; map it in the pipeline's status_map`,
      { value: record.status },
    );
  }
  const types = knownTypes(options.certificateTypes);
  const type = types?.get(String(record.cert_type_code));
  if (types && !type) {
    return fail(
      'invalid_code',
      '/cert_type_code',
      `${fieldLabel('certificate', '/cert_type_code')}: ${JSON.stringify(record.cert_type_code)} is not one of the workspace's certificate types (${[...types.keys()].join(', ')})`,
      { value: record.cert_type_code },
    );
  }

  // invalid_value
  if (type && record.holder_kind !== type.holder_kind) {
    return fail(
      'invalid_value',
      '/holder_kind',
      `${fieldLabel('certificate', '/holder_kind')}: ${JSON.stringify(record.holder_kind)} does not match certificate type ${type.code}, which is issued to ${type.holder_kind}`,
      { value: record.holder_kind },
    );
  }
  const oversized = surfaceSizeProblem(record.surface);
  if (oversized) return oversized;
  if (!validators.certificate(record)) {
    const problem = schemaProblem('certificate', validators.certificate.errors, waived);
    if (problem) return problem;
  }

  const identifierWarning = certIdentifierWarning(record);
  if (identifierWarning) warnings.push(identifierWarning);
  const valid = (record.valid_until === undefined ? { ...record, valid_until: null } : record) as unknown as Certificate;
  return { ok: true, record: valid, warnings };
}

/** Validates a normalised matter (see normaliseMatter). */
export function validateMatter(record: unknown, options: ValidateRecordOptions = {}): ValidationResult<Matter> {
  if (!isPlainObject(record)) return fail('invalid_value', '', 'a matter must be a JSON object');
  const warnings: RecordWarning[] = [];
  const waived = new Set<string>();
  const materials = Array.isArray(record.materials) ? record.materials : [];

  // missing_field
  for (const field of MATTER_REQUIRED) {
    if (!isPresent(record[field])) return missingProblem('matter', `/${field}`);
  }
  for (const [i, material] of materials.entries()) {
    if (!isPlainObject(material)) continue;
    for (const field of MATERIAL_REQUIRED) {
      if (!isPresent(material[field])) return missingProblem('matter', `/materials/${i}/${field}`);
    }
  }

  // invalid_identifier
  const mangled = excelMangledProblem('matter', '/dept_code', record.dept_code);
  if (mangled) return mangled;
  if (typeof record.dept_code === 'string') {
    const problem = identifierProblem('/dept_code', record.dept_code, checkUscc(record.dept_code), options, warnings, waived);
    if (problem) return problem;
  }

  // invalid_code
  if (typeof record.matter_type === 'string' && !isMatterType(record.matter_type)) {
    return fail(
      'invalid_code',
      '/matter_type',
      `${fieldLabel('matter', '/matter_type')}: ${JSON.stringify(record.matter_type)} is not a national matter type code (01–10, 20); map local numbering in the pipeline`,
      { value: record.matter_type },
    );
  }
  if (typeof record.division_code === 'string') {
    const r = checkDivisionCode(record.division_code);
    const candidates = r.valid ? [] : divisionCandidates(record.division_code);
    if (candidates.length > 1) {
      const listed = candidates.map((c) => `${c.name} (${c.code})`).join(', ');
      return fail(
        'invalid_code',
        '/division_code',
        `${fieldLabel('matter', '/division_code')}: ${record.division_code} names ${candidates.length} divisions: ${listed}; write the code, or the name with its province and city`,
        { reason: 'ambiguous', value: record.division_code, candidates },
      );
    }
    if (!r.valid || r.normalised !== record.division_code) {
      return fail('invalid_code', '/division_code', `${fieldLabel('matter', '/division_code')}: ${record.division_code} is not in the division list`, {
        reason: r.reason ?? 'format',
        value: record.division_code,
      });
    }
  }
  const types = knownTypes(options.certificateTypes);
  if (types) {
    for (const [i, material] of materials.entries()) {
      const accepted: unknown = isPlainObject(material) ? material.accepted_cert_types : undefined;
      if (!Array.isArray(accepted)) continue;
      for (const [j, code] of accepted.entries()) {
        if (types.has(String(code))) continue;
        const pointer = `/materials/${i}/accepted_cert_types/${j}`;
        return fail('invalid_code', pointer, `${fieldLabel('matter', pointer)}: ${JSON.stringify(code)} is not one of the workspace's certificate types`, {
          value: code,
        });
      }
    }
  }

  // invalid_value
  if (!validators.matter(record)) {
    const problem = schemaProblem('matter', validators.matter.errors, waived);
    if (problem) return problem;
  }
  const valid = (record.materials === undefined ? { ...record, materials: [] } : record) as unknown as Matter;
  return { ok: true, record: valid, warnings };
}
