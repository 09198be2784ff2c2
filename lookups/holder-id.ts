import { HubError } from '../core/errors.ts';
import { classifyId } from '../schemas/formats/classify-id.ts';
import { upgradeResidentId15 } from '../schemas/formats/resident-id.ts';
import { cleanCode } from '../schemas/normalise/text.ts';
import { describeIdFailure } from '../schemas/validate-record.ts';

export interface HolderQuery {
  /** The normalised id: what the catalogue stores for resident ids and USCCs, and what the lookup log hashes. */
  id: string;
  /** Other stored spellings to look up too: a 15-digit value may also be an old registration number kept as is. */
  alsoStoredAs: string[];
  /** Why the id cannot be a valid holder id; the lookup is refused with it when the catalogue holds nothing under the id. */
  problem?: { message: string; reason: string };
}

/**
 * What is left of any real holder id once normalised (full-width → half-width, upper-case):
 * ASCII letters and digits, the brackets and dots some ids print, and the Han characters of
 * ids such as 南字第…号. Digits of other scripts (Arabic-Indic ١٢٣, Devanagari १२३), circled ①
 * or superscript ² ones are not 0–9 and never part of an id.
 */
const NORMALISED = /^[0-9A-Z().·\p{Script=Han}]+$/u;
const MIN_LENGTH = 6;

function problemOf(code: string, today: Date): HolderQuery['problem'] {
  if (!/[0-9]/.test(code)) return { message: 'has no digit: no kind of holder id is letters only', reason: 'charset' };
  if (code.length < MIN_LENGTH) return { message: `has ${code.length} characters: no kind of holder id is shorter than ${MIN_LENGTH}`, reason: 'length' };
  // The shapes of the two ids with a check character: 18 characters, or 16–17 digits (a resident id missing a digit).
  if (code.length === 18 || /^\d{16,17}$/.test(code)) {
    const r = classifyId(code, today);
    if (!r.valid) return { message: describeIdFailure(r), reason: r.reason ?? 'format' };
  }
  return undefined;
}

/**
 * Every written form of one holder id finds the same certificates: full-width → half-width,
 * spaces and hyphens removed, upper-case (x → X), and a 15-digit resident id → 18 digits.
 * Characters no id has are refused at once; an id that fails its check (a resident id or USCC
 * with a wrong check character, 17 digits, `abc`) carries `problem`, so that a typo is answered
 * with what is wrong rather than "holds nothing" — unless the catalogue holds certificates under
 * exactly that id (a feed loaded with `identifier_check: warn`, an id type without a check).
 */
export function normaliseHolderQuery(input: string, field: string, today: Date = new Date()): HolderQuery {
  const code = cleanCode(input);
  if (code === '') throw new HubError('HUB_ERR_VALIDATION', `${field} is empty`, { field });
  if (!NORMALISED.test(code)) {
    throw new HubError('HUB_ERR_VALIDATION', `${field} holds characters no holder id has: only digits 0–9, Latin letters and the Han characters of some ids`, {
      field,
      reason: 'charset',
    });
  }
  if (/^\d{15}$/.test(code)) return { id: upgradeResidentId15(code), alsoStoredAs: [code] };
  const problem = problemOf(code, today);
  return problem === undefined ? { id: code, alsoStoredAs: [] } : { id: code, alsoStoredAs: [], problem };
}

/** Refuses a lookup that found nothing under an id that cannot be valid. */
export function refuseInvalidHolder(holder: HolderQuery, found: number, field: string): void {
  if (found > 0 || holder.problem === undefined) return;
  throw new HubError('HUB_ERR_VALIDATION', `${field} is not a valid holder id: ${holder.problem.message}`, {
    field,
    reason: holder.problem.reason,
  });
}
