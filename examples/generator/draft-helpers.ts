import { addYears } from './calendar.ts';
import type { DraftInput } from './department-spec.ts';
import { authorityPlace } from './hub-divisions.ts';
import type { Rng } from './prng.ts';

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * An issue date no earlier than `earliest` and no later than the record's last update (and
 * before today); when the holder is too young for the window, the latest possible date.
 */
export function issuedBetween(input: DraftInput, earliest: number): number {
  const latest = Math.min(Math.floor(input.updatedAt / 86_400), input.today - 1);
  return earliest >= latest ? latest : input.rng.between(earliest, latest);
}

/** The later of a fixed window start and the day the holder reached `age`. */
export function earliestForAge(input: DraftInput, yearsBack: number, age: number): number {
  const windowStart = addYears(input.today, -yearsBack);
  const birth = input.holder.birthDay;
  return birth === undefined ? windowStart : Math.max(windowStart, addYears(birth, age));
}

/** A fixed term: the last day before the same date `years` later. */
export function termEnd(issuedOn: number, years: number): number {
  return addYears(issuedOn, years) - 1;
}

const ROADS = ['井冈山大道', '庐陵大道', '吉州大道', '阳明路', '文山路', '永叔路', '沿江路', '人民大道', '城南大道', '工业大道', '滨江路', '长塘路', '韶山路', '天华路'];

export function address(rng: Rng, division: string): string {
  const building = rng.chance(0.3) ? `${rng.between(1, 30)}栋${rng.between(1, 30)}0${rng.between(1, 6)}室` : '';
  return `江西省${authorityPlace(division)}${rng.pick(ROADS)}${rng.between(1, 999)}号${building}`;
}

/** Picks a key by weight: `[[value, weight], …]`. */
export function weighted<T>(rng: Rng, choices: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of choices) total += w;
  let u = rng.next() * total;
  for (const [value, w] of choices) {
    u -= w;
    if (u < 0) return value;
  }
  return choices[choices.length - 1]![0];
}
