import { createPermutation } from './feistel-permutation.ts';
import { countyShortName, HUB_COUNTIES } from './hub-divisions.ts';
import { base31, makeUscc } from './make-uscc.ts';
import { type OrgFlavour, orgName } from './org-names.ts';
import { hash32, pickBy } from './prng.ts';

export interface Org {
  id: string;
  name: string;
  /** The county it registered in (USCC positions 3–8), whose authority issued its licence. */
  division: string;
}

const MA_SPACE = 31 ** 6;
const DIGIT_SPACE = 10 ** 8;

/**
 * Organisation number `k` → an organisation. Even numbers get the post-2015 `MA…` organisation
 * codes, odd ones the older all-digit codes; each family is a keyed permutation, so no two
 * numbers share a USCC. The caller must ask for the same flavour every time for the same `k`.
 */
export class OrgRegistry {
  private readonly permuteMa: (k: number) => number;
  private readonly permuteDigits: (k: number) => number;
  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
    this.permuteMa = createPermutation(MA_SPACE, hash32(seed, 'org-ma'));
    this.permuteDigits = createPermutation(DIGIT_SPACE, hash32(seed, 'org-digits'));
  }

  get(k: number, flavour: OrgFlavour): Org {
    const half = Math.floor(k / 2);
    const body = k % 2 === 0 ? `MA${base31(this.permuteMa(half), 6)}` : String(this.permuteDigits(half)).padStart(8, '0');
    const h = hash32(this.seed, 'org', k);
    const division = pickBy(h, HUB_COUNTIES);
    const prefix = flavour === 'individual' ? '92' : '91';
    return { id: makeUscc(prefix, division, body), name: orgName(h, flavour, countyShortName(division)), division };
  }
}
