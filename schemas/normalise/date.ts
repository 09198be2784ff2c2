import { cleanText } from './text.ts';

/**
 * Dates as department data writes them (standards.md "Dates found in department data") →
 * ISO `YYYY-MM-DD` in Asia/Shanghai. Anything that does not name a real calendar day is
 * unparseable (undefined): 2021-02-30 is reported, never rolled over to March.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const CHINA_STANDARD_OFFSET = 480;
/** Summer time in China ended 1991-09-15 02:00 (UTC+9); from then on the offset is always +08:00. */
const LAST_SUMMER_TIME_END = Date.UTC(1991, 8, 14, 17);
/** Excel's 1900 date system counts 1900-02-29 (serial 60), a day that never was, as Lotus 1-2-3 did. */
const EXCEL_FAKE_LEAP_DAY = 60;
const EXCEL_MAX_SERIAL = 100_000;
const MIN_YEAR = 1800;

const LONG_TERM_WORDS = new Set(['长期', '永久', '长期有效', '永久有效']);
const LONG_TERM_DATE = '9999-12-31';

const YMD_SEPARATED =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const YMD_CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
const YMD_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const EXCEL_SERIAL = /^\d{1,5}(?:\.\d+)?$/;

/** A wall-clock moment in Asia/Shanghai, or an exact instant when the source gave a zone. */
interface Parsed {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Minutes east of UTC as written in the source; undefined for naive (Shanghai) times. */
  offset: number | undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDay(y: number, m: number, d: number): boolean {
  if (y < MIN_YEAR || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

function day(y: number, m: number, d: number): Parsed | undefined {
  return isRealDay(y, m, d) ? { y, m, d, h: 0, mi: 0, s: 0, ms: 0, offset: undefined } : undefined;
}

function fromUtcFields(ms: number, offset: number | undefined): Parsed {
  const t = new Date(ms);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    s: t.getUTCSeconds(),
    ms: t.getUTCMilliseconds(),
    offset,
  };
}

function excelSerial(serial: number): Parsed | undefined {
  if (!(serial >= 1 && serial < EXCEL_MAX_SERIAL)) return undefined;
  const whole = Math.floor(serial);
  if (whole === EXCEL_FAKE_LEAP_DAY) return undefined;
  const base = whole < EXCEL_FAKE_LEAP_DAY ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const ms = base + whole * DAY_MS + Math.round((serial - whole) * DAY_MS);
  return fromUtcFields(ms, undefined);
}

function parseOffset(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function parseText(raw: string): Parsed | undefined {
  const text = cleanText(raw);
  if (EXCEL_SERIAL.test(text)) return excelSerial(Number(text));
  let m = YMD_COMPACT.exec(text);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = YMD_CHINESE.exec(text);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = YMD_SEPARATED.exec(text);
  if (!m) return undefined;
  const date = day(Number(m[1]), Number(m[3]), Number(m[4]));
  if (!date || m[5] === undefined) return m[9] === undefined ? date : undefined;
  const h = Number(m[5]);
  const mi = Number(m[6]);
  const s = Number(m[7] ?? '0');
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const offset = m[9] === undefined ? undefined : parseOffset(m[9]);
  if (m[9] !== undefined && offset === undefined) return undefined;
  return { ...date, h, mi, s, ms: Number((m[8] ?? '0').padEnd(3, '0').slice(0, 3)), offset };
}

/** JSON numbers: 8-digit YYYYMMDD, Excel serials, or epoch seconds / milliseconds from APIs. */
function parseNumber(n: number): Parsed | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n >= 1e12 && n < 1e14) return fromUtcFields(n, 0);
  if (n >= 1e9 && n < 1e11 && Number.isInteger(n)) return fromUtcFields(n * 1000, 0);
  if (n >= 1e7 && n < 1e8 && Number.isInteger(n)) return day(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
  return excelSerial(n);
}

function parse(input: unknown): Parsed | undefined {
  if (typeof input === 'string') return parseText(input);
  if (typeof input === 'number') return parseNumber(input);
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? undefined : fromUtcFields(input.getTime(), 0);
  return undefined;
}

let shanghaiFormat: Intl.DateTimeFormat | undefined;

/** Minutes east of UTC in Asia/Shanghai at an instant; the time-zone database is asked only for the summer-time years. */
function shanghaiOffsetAt(utcMs: number): number {
  if (utcMs >= LAST_SUMMER_TIME_END) return CHINA_STANDARD_OFFSET;
  shanghaiFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Shanghai',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const parts: Record<string, number> = {};
  for (const p of shanghaiFormat.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return Math.round((local - Math.floor(utcMs / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

function wallClockMs(p: Parsed): number {
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s, p.ms);
}

/** The instant a parsed value names: its own zone when written, else Shanghai wall-clock time. */
function instant(p: Parsed): number {
  const wall = wallClockMs(p);
  if (p.offset !== undefined) return wall - p.offset * MINUTE_MS;
  const guess = wall - shanghaiOffsetAt(wall - CHINA_STANDARD_OFFSET * MINUTE_MS) * MINUTE_MS;
  return wall - shanghaiOffsetAt(guess) * MINUTE_MS;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoDay(p: Pick<Parsed, 'y' | 'm' | 'd'>): string {
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
}

/** Shanghai wall-clock fields of an instant, with the offset in force then. */
function inShanghai(utcMs: number): Parsed {
  const offset = shanghaiOffsetAt(utcMs);
  return fromUtcFields(utcMs + offset * MINUTE_MS, offset);
}

/** Any accepted date form → `YYYY-MM-DD` (the Shanghai day of a zoned timestamp); undefined when unparseable or impossible. */
export function normaliseDate(input: unknown): string | undefined {
  const p = parse(input);
  if (!p) return undefined;
  if (p.offset === undefined) return isoDay(p);
  const local = inShanghai(instant(p));
  return isRealDay(local.y, local.m, local.d) ? isoDay(local) : undefined;
}

/** True for the wordings that mean "no end date" (长期, 永久, 长期有效) and for 9999-12-31 in any accepted form. */
export function isLongTerm(input: unknown): boolean {
  if (typeof input === 'string' && LONG_TERM_WORDS.has(cleanText(input))) return true;
  return normaliseDate(input) === LONG_TERM_DATE;
}

/** As normaliseDate, but long-term values (and null) become null. */
export function normaliseValidUntil(input: unknown): string | null | undefined {
  if (input === null || isLongTerm(input)) return null;
  return normaliseDate(input);
}

/**
 * Timestamps → ISO 8601 with the Shanghai offset (`2024-01-01T00:06:00+08:00`). Naive source
 * times are Shanghai wall-clock time; a bare date is its midnight. Undefined when unparseable.
 */
export function normaliseTimestamp(input: unknown): string | undefined {
  const p = parse(input);
  if (!p) return undefined;
  const local = inShanghai(instant(p));
  if (!isRealDay(local.y, local.m, local.d)) return undefined;
  const offset = local.offset ?? CHINA_STANDARD_OFFSET;
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const fraction = local.ms === 0 ? '' : `.${pad(local.ms, 3)}`;
  return `${isoDay(local)}T${pad(local.h)}:${pad(local.mi)}:${pad(local.s)}${fraction}${zone}`;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A stored date: exactly `YYYY-MM-DD` and a real day. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DAY.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|1[0-4]):[0-5]\d)$/;

/** A stored timestamp: ISO 8601 with seconds and an offset, on a real day. */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_TIMESTAMP.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}
