/**
 * Normalise + validate throughput for certificate records.
 *
 *   npx tsx bench/validate.ts [--rows N] [--quick]
 *
 * Records are generated deterministically (valid check digits, mixed date forms, full-width and
 * lower-case identifiers, legacy 15-digit resident ids) in chunks, so memory stays flat. Each
 * chunk is timed through normalise, then validate, then both in one pass over a fresh copy. The
 * same number of invalid records (the same generator, each with one defect a department export
 * has: a wrong check character, an impossible date, an end before the start, unknown status
 * wording, a missing name, an unknown certificate type) is timed the same way, since a feed's
 * rejects take the validator's slow path (error paths, a described problem).
 *
 * Baselines over the same normalised records: hand-written checks of the same main rules
 * (required fields, check characters, real dates in order, known codes) that stop at the first
 * broken one and name it, as the validator does without a schema engine; and a bare
 * JSON.parse(JSON.stringify(record)) pass.
 */
import { Command } from 'commander';
import { residentIdCheck, upgradeResidentId15 } from '../schemas/formats/resident-id.ts';
import { orgCodeCheck } from '../schemas/formats/org-code.ts';
import { USCC_CHARSET, usccCheck } from '../schemas/formats/uscc.ts';
import { normaliseCertificate } from '../schemas/normalise/certificate.ts';
import type { CertificateType } from '../schemas/types.ts';
import { validateCertificate } from '../schemas/validate-record.ts';
import { publishSection, table } from './bench-report.ts';

const CHUNK = 50_000;
const TODAY = new Date('2026-11-23T00:00:00+08:00');
const TYPES: CertificateType[] = [
  { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' },
  { code: 'rs-zyzg', name: '专业技术人员职业资格证书', holder_kind: 'person' },
];
const PROVINCES = ['11', '31', '33', '36', '44', '51'];
const STATUSES = ['有效', '正常', '01', '注销', '吊销', 'valid'];
const STORED_STATUSES = new Set(['valid', 'revoked', 'cancelled', 'suspended']);
const TYPE_CODES = new Set(TYPES.map((t) => t.code));
/** Organisation-code characters that are also in the USCC set, so the embedded code is valid in both. */
const ORG_CHARS = [...USCC_CHARSET];
const ISSUERS = ['11220000013544541J', '11110105L30P87747T', '113608027EJ8RU0Q6F'];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One defect per invalid record, in turn: what department exports get wrong. */
const DEFECTS = ['wrong check character', 'impossible date', 'valid_until before issued_on', 'unknown status wording', 'missing holder_name', 'unknown certificate type'] as const;

function generator(seed: number, options: { defective?: boolean } = {}): (n: number) => Record<string, unknown> {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
  const of = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const full = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  function uscc(): string {
    let org = '';
    for (let i = 0; i < 8; i++) org += of(ORG_CHARS);
    const body = `91${of(PROVINCES)}${digits(4)}${org}${orgCodeCheck(org)}`;
    return body + usccCheck(body);
  }

  function residentId(year: number, month: number, day: number): string {
    const first17 = `${of(PROVINCES)}${digits(4)}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${digits(3)}`;
    return first17 + residentIdCheck(first17);
  }

  function date(y: number, m: number, d: number): string | number {
    const mm = String(m).padStart(2, '0');
    const dd = String(d).padStart(2, '0');
    switch (int(5)) {
      case 0:
        return `${y}/${m}/${d}`;
      case 1:
        return `${y}年${m}月${d}日`;
      case 2:
        return `${y}${mm}${dd}`;
      case 3:
        return `${y}.${mm}.${dd}`;
      default:
        return `${y}-${mm}-${dd}`;
    }
  }

  /** The record with defect n mod DEFECTS.length. */
  function spoil(record: Record<string, unknown>, n: number): Record<string, unknown> {
    switch (DEFECTS[n % DEFECTS.length]) {
      case 'wrong check character': {
        const written = String(record.holder_id);
        // A 15-digit id has no check digit: spoil the 18 digits it stands for.
        const id = /^\d{15}$/.test(written) ? upgradeResidentId15(written) : written;
        const last = id.at(-1) ?? '';
        return { ...record, holder_id: id.slice(0, -1) + (last === '1' || last === '１' ? '2' : '1') };
      }
      case 'impossible date':
        return { ...record, issued_on: '2023-02-30' };
      case 'valid_until before issued_on':
        return { ...record, issued_on: '2020-05-01', valid_until: '2019-05-01' };
      case 'unknown status wording':
        return { ...record, status: '待核实' };
      case 'missing holder_name':
        return { ...record, holder_name: ' ' };
      default:
        return { ...record, cert_type_code: 'xx-unknown' };
    }
  }

  return (n) => {
    const record = make(n);
    return options.defective ? spoil(record, n) : record;
  };

  function make(n: number): Record<string, unknown> {
    const person = rand() < 0.5;
    const y = 2000 + int(24);
    const m = 1 + int(12);
    const d = 1 + int(28);
    let holderId: string;
    if (!person) {
      const code = uscc();
      holderId = int(4) === 0 ? full(code) : int(4) === 0 ? code.toLowerCase() : code;
    } else {
      const by = 1940 + int(60);
      const id = residentId(by, 1 + int(12), 1 + int(28));
      holderId = by < 2000 && int(5) === 0 ? id.slice(0, 6) + id.slice(8, 17) : id;
    }
    return {
      cert_type_code: person ? 'rs-zyzg' : 'scjg-yyzz',
      cert_number: `ZZ${String(n).padStart(10, '0')}`,
      holder_name: int(10) === 0 ? `　持证人${n}  ` : `持证人${n}`,
      holder_id: holderId,
      issuer_code: of(ISSUERS),
      issuer_name: '市场监督管理局',
      issued_on: date(y, m, d),
      valid_until: int(3) === 0 ? '长期' : date(y + 10, m, d),
      status: of(STATUSES),
      source_updated_at: `2024-0${1 + int(9)}-1${int(10)} 0${int(10)}:${10 + int(50)}:00`,
    };
  }
}

const REAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDate(value: unknown): boolean {
  const m = typeof value === 'string' ? REAL_DATE.exec(value) : null;
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function validResidentId(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && residentIdCheck(id.slice(0, 17)) === id[17];
}

function validUscc(id: string): boolean {
  return USCC.test(id) && usccCheck(id.slice(0, 17)) === id[17];
}
const USCC = new RegExp(`^[${USCC_CHARSET}]{2}\\d{6}[${USCC_CHARSET}]{10}$`);

/** The baseline: the validator's main rules written out by hand, first broken one named. */
function handWrittenCheck(r: Record<string, unknown>): { ok: true } | { ok: false; field: string; reason: string } {
  for (const field of ['cert_type_code', 'cert_number', 'issuer_code', 'holder_id', 'holder_name', 'issued_on', 'status']) {
    const v = r[field];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return { ok: false, field, reason: 'missing_field' };
  }
  const holderId = String(r.holder_id);
  if (!(r.holder_id_type === '111' ? validResidentId(holderId) : validUscc(holderId))) return { ok: false, field: 'holder_id', reason: 'invalid_identifier' };
  if (!validUscc(String(r.issuer_code))) return { ok: false, field: 'issuer_code', reason: 'invalid_identifier' };
  if (!realDate(r.issued_on)) return { ok: false, field: 'issued_on', reason: 'invalid_date' };
  if (r.valid_until != null && (!realDate(r.valid_until) || String(r.valid_until) < String(r.issued_on))) return { ok: false, field: 'valid_until', reason: 'invalid_date' };
  if (!STORED_STATUSES.has(String(r.status))) return { ok: false, field: 'status', reason: 'invalid_code' };
  if (!TYPE_CODES.has(String(r.cert_type_code))) return { ok: false, field: 'cert_type_code', reason: 'invalid_code' };
  return { ok: true };
}

interface Totals {
  normaliseMs: number;
  validateMs: number;
  bothMs: number;
  handWrittenMs: number;
  baselineMs: number;
  /** Records each way of checking refused. */
  refused: { validate: number; both: number; handWritten: number };
}

const noTotals = (): Totals => ({ normaliseMs: 0, validateMs: 0, bothMs: 0, handWrittenMs: 0, baselineMs: 0, refused: { validate: 0, both: 0, handWritten: 0 } });

function runChunk(make: (n: number) => Record<string, unknown>, from: number, size: number, totals: Totals): void {
  const raw = Array.from({ length: size }, (_, i) => make(from + i));
  const again = raw.map((r) => ({ ...r }));
  const options = { today: TODAY, certificateTypes: TYPES };

  let t = performance.now();
  const normalised = raw.map((r) => normaliseCertificate(r, options));
  totals.normaliseMs += performance.now() - t;

  t = performance.now();
  for (const r of normalised) if (!validateCertificate(r, options).ok) totals.refused.validate++;
  totals.validateMs += performance.now() - t;

  t = performance.now();
  for (const r of normalised) if (!handWrittenCheck(r).ok) totals.refused.handWritten++;
  totals.handWrittenMs += performance.now() - t;

  t = performance.now();
  for (const r of normalised) JSON.parse(JSON.stringify(r));
  totals.baselineMs += performance.now() - t;

  t = performance.now();
  for (const r of again) if (!validateCertificate(normaliseCertificate(r, options), options).ok) totals.refused.both++;
  totals.bothMs += performance.now() - t;
}

const opts = new Command('bench-validate')
  .option('--rows <n>', 'records to generate', (v) => Number.parseInt(v, 10))
  .option('--quick', 'a short run (50,000 records)')
  .parse()
  .opts<{ rows?: number; quick?: boolean }>();

const rows = opts.rows ?? (opts.quick ? 50_000 : 1_000_000);
if (!Number.isInteger(rows) || rows <= 0) throw new Error(`--rows must be a positive whole number, got ${opts.rows}`);

const valid = noTotals();
const invalid = noTotals();
const sets = [
  { totals: valid, make: generator(20261123) },
  { totals: invalid, make: generator(20261123, { defective: true }) },
];
for (const set of sets) runChunk(set.make, 0, Math.min(5_000, rows), noTotals());
// Chunk by chunk, valid then invalid, so that both meet the same load on the machine.
for (let from = 0; from < rows; from += CHUNK) for (const set of sets) runChunk(set.make, from, Math.min(CHUNK, rows - from), set.totals);
const refusals = (t: Totals) => [t.refused.validate, t.refused.both, t.refused.handWritten];
if (refusals(valid).some((n) => n !== 0) || refusals(invalid).some((n) => n !== rows)) {
  throw new Error(
    `records refused (validate, normalise + validate, hand-written) — valid: ${refusals(valid).join(', ')}, invalid: ${refusals(invalid).join(', ')} of ${rows}: ` +
      'the generator, the validator or the hand-written baseline is wrong',
  );
}

const fmt = (n: number) => n.toLocaleString('en-US');
const cells = (ms: number) => [fmt(Math.round(rows / (ms / 1000))), ((ms * 1000) / rows).toFixed(2)];
const step = (name: string, pick: (t: Totals) => number) => [name, ...cells(pick(valid)), ...cells(pick(invalid))];
const body = `${table(
  ['step', 'valid: records/s', 'valid: µs per record', 'invalid: records/s', 'invalid: µs per record'],
  [
    step('normalise (normaliseCertificate)', (t) => t.normaliseMs),
    step('validate (validateCertificate)', (t) => t.validateMs),
    step('normalise + validate, one pass', (t) => t.bothMs),
    step('baseline: the same main rules written by hand', (t) => t.handWrittenMs),
    step('baseline: JSON.parse(JSON.stringify(record))', (t) => t.baselineMs),
  ],
)}

${[
  `${fmt(rows)} generated valid certificate records (half organisations, half people; mixed date forms, full-width and`,
  'lower-case USCCs, some legacy 15-digit resident ids), and as many invalid ones from the same generator, each with one',
  `defect in turn: ${DEFECTS.join(', ')}. Every valid record passed and every invalid one was refused, by the validator`,
  'and by the hand-written baseline alike. The hand-written baseline checks required fields, check characters of the holder',
  'and issuer ids, real dates in order, status and certificate type against their lists, and stops at the first broken rule',
  'and names it; the validator also runs the JSON Schema, infers holder kind and id type, and describes each problem.',
  `Validate costs ${(valid.validateMs / valid.handWrittenMs).toFixed(1)}× the hand-written checks on valid records and`,
  `${(invalid.validateMs / invalid.handWrittenMs).toFixed(1)}× on invalid ones; an invalid record costs`,
  `${(invalid.validateMs / valid.validateMs).toFixed(2)}× a valid one to validate. Rerun: \`npx tsx bench/validate.ts --rows ${rows}\`.`,
].join(' ')}`;

publishSection('validate', 'Normalise and validate (schemas/)', body, { quick: opts.quick === true });
