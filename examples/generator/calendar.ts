/**
 * Dates as whole days since 1970-01-01 and timestamps as seconds of Shanghai wall-clock time:
 * plain integers keep a million rows cheap and never meet the host's time zone.
 */

const DAY_MS = 86_400_000;
/** Excel's serial for 1970-01-01 in the 1900 date system. */
const EXCEL_EPOCH_OFFSET = 25_569;

export type DateStyle = 'iso' | 'slash' | 'dot' | 'chinese' | 'compact';
export type StampStyle = 'space' | 'iso-offset';

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function dayOfIso(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  if (isoOfDay(day) !== iso) throw new RangeError(`not a real date: ${iso}`);
  return day;
}

/** Civil date of a day number, in integer arithmetic (H. Hinnant's algorithm): no Date objects per row. */
export function ymdOfDay(day: number): Ymd {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** Day number of a civil date; days past the end of the month run on into the next, as with Date.UTC. */
export function dayOfYmd(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function isoOfDay(day: number): string {
  const { y, m, d } = ymdOfDay(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** The same calendar day `years` later; 29 February falls back to the 28th in common years. */
export function addYears(day: number, years: number): number {
  const { y, m, d } = ymdOfDay(day);
  const target = dayOfYmd(y + years, m, d);
  return ymdOfDay(target).m === m ? target : dayOfYmd(y + years, m, d - 1);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function excelSerialOfDay(day: number): number {
  return day + EXCEL_EPOCH_OFFSET;
}

/** Midnight UTC of the day: exceljs turns UTC fields into the serial, so no time zone shifts the date. */
export function excelDateOfDay(day: number): Date {
  return new Date(day * DAY_MS);
}

/** The spellings of one date that department exports use (standards.md "Dates found in department data"). */
export function formatDay(day: number, style: DateStyle): string {
  const { y, m, d } = ymdOfDay(day);
  switch (style) {
    case 'iso':
      return `${y}-${pad2(m)}-${pad2(d)}`;
    case 'slash':
      return `${y}/${m}/${d}`;
    case 'dot':
      return `${y}.${pad2(m)}.${pad2(d)}`;
    case 'chinese':
      return `${y}年${m}月${d}日`;
    case 'compact':
      return `${y}${pad2(m)}${pad2(d)}`;
  }
}

/** `2025-03-04 08:15:00` (naive Shanghai time) or `2025-03-04T08:15:00+08:00`. */
export function formatStamp(seconds: number, style: StampStyle): string {
  const day = Math.floor(seconds / 86_400);
  const rest = seconds - day * 86_400;
  const time = `${pad2(Math.floor(rest / 3600))}:${pad2(Math.floor((rest % 3600) / 60))}:${pad2(rest % 60)}`;
  return style === 'space' ? `${isoOfDay(day)} ${time}` : `${isoOfDay(day)}T${time}+08:00`;
}
