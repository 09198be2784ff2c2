import { cleanCode } from '../normalise/text.ts';
import { fail, type IdResult } from './id-result.ts';
import { isProvincePrefix } from './province.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643 check character for the first 17 digits. */
export function residentIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Legacy 15-digit numbers: year 19YY, no check digit. Returns the 18-digit form. */
export function upgradeResidentId15(value15: string): string {
  const first17 = `${value15.slice(0, 6)}19${value15.slice(6)}`;
  return first17 + residentIdCheck(first17);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_MS = 86_400_000;
let lastDay = Number.NaN;
let lastCompact = '';

/** `today` as YYYYMMDD (UTC); remembered per day, since a whole batch is checked against the same day. */
function compactDay(today: Date): string {
  const day = Math.floor(today.getTime() / DAY_MS);
  if (day !== lastDay) {
    lastDay = day;
    lastCompact = today.toISOString().slice(0, 10).replace(/-/g, '');
  }
  return lastCompact;
}

function isRealDate(yyyymmdd: string, today: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)) return false;
  return yyyymmdd <= compactDay(today);
}

/**
 * Address code policy: only the first two digits are checked (abolished county codes are still
 * carried by real people). 81/82/83 are residence permits; 9 + province is the 2023 permanent-resident card.
 */
function isKnownAddress(first3: string): boolean {
  const two = first3.slice(0, 2);
  if (isProvincePrefix(two) || two === '83') return true;
  return first3[0] === '9' && isProvincePrefix(first3.slice(1, 3));
}

/** 公民身份号码 (GB 11643-1999); 15-digit numbers are converted to 18 digits before checking. */
export function checkResidentId(input: string, today: Date = new Date()): IdResult {
  let value = cleanCode(input);
  if (value.length === 15) {
    if (!/^\d{15}$/.test(value)) return fail('resident-id', value, 'charset');
    value = upgradeResidentId15(value);
  }
  if (value.length !== 18) return fail('resident-id', value, 'length');
  if (!/^\d{17}[\dX]$/.test(value)) return fail('resident-id', value, 'charset');
  if (!isKnownAddress(value.slice(0, 3))) return fail('resident-id', value, 'division');
  if (!isRealDate(value.slice(6, 14), today)) return fail('resident-id', value, 'date');
  const expected = residentIdCheck(value.slice(0, 17));
  if (expected !== value[17]) return { ...fail('resident-id', value, 'checksum'), expected };
  return { valid: true, normalised: value, kind: 'resident-id' };
}
