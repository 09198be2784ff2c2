import { HubError } from '../core/errors.ts';
import { upgradeResidentId15 } from '../schemas/formats/resident-id.ts';
import { cleanCode } from '../schemas/normalise/text.ts';

export interface HolderQuery {
  /** The normalised id: what the catalogue stores for resident ids and USCCs, and what the lookup log hashes. */
  id: string;
  /** Other stored spellings to look up too: a 15-digit value may also be an old registration number kept as is. */
  alsoStoredAs: string[];
}

/** What is left of any real holder id once normalised: letters, digits, and the brackets and dots some ids print. */
const NORMALISED = /^[\p{L}\p{N}().·]+$/u;

/**
 * Every written form of one holder id finds the same certificates: full-width → half-width,
 * spaces and hyphens removed, upper-case (x → X), and a 15-digit resident id → 18 digits.
 */
export function normaliseHolderQuery(input: string, field: string): HolderQuery {
  const code = cleanCode(input);
  if (code === '') throw new HubError('HUB_ERR_VALIDATION', `${field} is empty`, { field });
  if (!NORMALISED.test(code)) throw new HubError('HUB_ERR_VALIDATION', `${field} holds characters no holder id has`, { field });
  if (/^\d{15}$/.test(code)) return { id: upgradeResidentId15(code), alsoStoredAs: [code] };
  return { id: code, alsoStoredAs: [] };
}
