import { addYears, dayOfYmd } from './calendar.ts';
import { createPermutation } from './feistel-permutation.ts';
import { BIRTH_DIVISIONS } from './hub-divisions.ts';
import { makeResidentId } from './make-resident-id.ts';
import { personName } from './person-names.ts';
import { hash32 } from './prng.ts';

export interface Person {
  id: string;
  name: string;
  male: boolean;
  birthDay: number;
}

const SEQUENCES = 999;
const FIRST_BIRTH_DAY = dayOfYmd(1950, 1, 1);
/** Every holder is at least this old today, so any certificate can have been issued to an adult. */
const YOUNGEST_AGE = 25;

/**
 * Person number `k` → a person. The id space (birth place × birth day × sequence) is walked
 * through a keyed permutation, so ids look random, differ per seed, and never repeat: the same
 * person across departments is the same `k`, never an accident.
 */
export class PersonRegistry {
  readonly size: number;
  private readonly permute: (k: number) => number;
  private readonly seed: number;

  constructor(seed: number, today: number) {
    this.seed = seed;
    const days = addYears(today, -YOUNGEST_AGE) - FIRST_BIRTH_DAY + 1;
    this.size = SEQUENCES * BIRTH_DIVISIONS.length * days;
    this.permute = createPermutation(this.size, hash32(seed, 'person-ids'));
  }

  get(k: number): Person {
    const idx = this.permute(k);
    const sequence = (idx % SEQUENCES) + 1;
    const rest = Math.floor(idx / SEQUENCES);
    const division = BIRTH_DIVISIONS[rest % BIRTH_DIVISIONS.length]!;
    const birthDay = FIRST_BIRTH_DAY + Math.floor(rest / BIRTH_DIVISIONS.length);
    const male = sequence % 2 === 1;
    return { id: makeResidentId(division, birthDay, sequence), name: personName(hash32(this.seed, 'person-name', k), male), male, birthDay };
  }
}
