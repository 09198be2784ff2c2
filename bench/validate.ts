/**
 * Normalise + validate throughput for certificate records.
 *
 *   npx tsx bench/validate.ts [--rows N] [--quick]
 *
 * Records are generated deterministically (valid check digits, mixed date forms, full-width and
 * lower-case identifiers, legacy 15-digit resident ids) in chunks, so memory stays flat. Each
 * chunk is timed through normalise, then validate, then both in one pass over a fresh copy; a
 * bare JSON.parse(JSON.stringify(record)) pass over the same records is the baseline.
 */
import { Command } from 'commander';
import { residentIdCheck } from '../schemas/formats/resident-id.ts';
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

function generator(seed: number): (n: number) => Record<string, unknown> {
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

  return (n) => {
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
  };
}

interface Totals {
  normaliseMs: number;
  validateMs: number;
  bothMs: number;
  baselineMs: number;
  invalid: number;
}

function runChunk(make: (n: number) => Record<string, unknown>, from: number, size: number, totals: Totals): void {
  const raw = Array.from({ length: size }, (_, i) => make(from + i));
  const again = raw.map((r) => ({ ...r }));

  let t = performance.now();
  const normalised = raw.map((r) => normaliseCertificate(r, { today: TODAY, certificateTypes: TYPES }));
  totals.normaliseMs += performance.now() - t;

  t = performance.now();
  for (const r of normalised) if (!validateCertificate(r, { today: TODAY, certificateTypes: TYPES }).ok) totals.invalid++;
  totals.validateMs += performance.now() - t;

  t = performance.now();
  for (const r of normalised) JSON.parse(JSON.stringify(r));
  totals.baselineMs += performance.now() - t;

  t = performance.now();
  for (const r of again) {
    if (!validateCertificate(normaliseCertificate(r, { today: TODAY, certificateTypes: TYPES }), { today: TODAY, certificateTypes: TYPES }).ok) {
      totals.invalid++;
    }
  }
  totals.bothMs += performance.now() - t;
}

const opts = new Command('bench-validate')
  .option('--rows <n>', 'records to generate', (v) => Number.parseInt(v, 10))
  .option('--quick', 'a short run (50,000 records)')
  .parse()
  .opts<{ rows?: number; quick?: boolean }>();

const rows = opts.rows ?? (opts.quick ? 50_000 : 1_000_000);
if (!Number.isInteger(rows) || rows <= 0) throw new Error(`--rows must be a positive whole number, got ${opts.rows}`);

const make = generator(20261123);
runChunk(make, 0, Math.min(5_000, rows), { normaliseMs: 0, validateMs: 0, bothMs: 0, baselineMs: 0, invalid: 0 });

const totals: Totals = { normaliseMs: 0, validateMs: 0, bothMs: 0, baselineMs: 0, invalid: 0 };
for (let from = 0; from < rows; from += CHUNK) runChunk(make, from, Math.min(CHUNK, rows - from), totals);
if (totals.invalid > 0) throw new Error(`${totals.invalid} generated records failed validation: the generator or the validator is wrong`);

const rate = (ms: number) => Math.round(rows / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-US');
const body = `${table(
  ['step', 'records/s', 'µs per record'],
  [
    ['normalise (normaliseCertificate)', fmt(rate(totals.normaliseMs)), ((totals.normaliseMs * 1000) / rows).toFixed(2)],
    ['validate (validateCertificate)', fmt(rate(totals.validateMs)), ((totals.validateMs * 1000) / rows).toFixed(2)],
    ['normalise + validate, one pass', fmt(rate(totals.bothMs)), ((totals.bothMs * 1000) / rows).toFixed(2)],
    ['baseline: JSON.parse(JSON.stringify(record))', fmt(rate(totals.baselineMs)), ((totals.baselineMs * 1000) / rows).toFixed(2)],
  ],
)}

${fmt(rows)} generated certificate records (half organisations, half people; mixed date forms, full-width and
lower-case USCCs, some legacy 15-digit resident ids), all valid after normalising. Validate-only costs
${(totals.validateMs / totals.baselineMs).toFixed(1)}× the baseline pass. Rerun: \`npx tsx bench/validate.ts --rows ${rows}\`.`;

publishSection('validate', 'Normalise and validate (schemas/)', body, { quick: opts.quick === true });
