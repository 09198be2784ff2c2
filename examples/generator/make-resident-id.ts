import { residentIdCheck } from '../../schemas/formats/resident-id.ts';
import { ymdOfDay } from './calendar.ts';

/** 公民身份号码 (GB 11643): address code + birth date + 3-digit sequence (odd = male) + check. */
export function makeResidentId(division: string, birthDay: number, sequence: number): string {
  const { y, m, d } = ymdOfDay(birthDay);
  const first17 = `${division}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheck(first17);
}

/** The 15-digit form issued before 1999 (two-digit year, no check), or undefined for births outside 1900–1999. */
export function legacyResidentId(id18: string): string | undefined {
  if (!id18.startsWith('19', 6)) return undefined;
  return id18.slice(0, 6) + id18.slice(8, 17);
}
