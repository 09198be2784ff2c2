import { cleanCode } from '../normalise/text.ts';
import type { IdResult } from './id-result.ts';
import { checkOrgCode } from './org-code.ts';
import { checkResidentId } from './resident-id.ts';
import { checkUscc } from './uscc.ts';

/**
 * Guesses what an identifier is and checks it as that. A value passing one check is that kind;
 * otherwise the kind is guessed from its shape so the reason names the right rule.
 */
export function classifyId(input: string, today: Date = new Date()): IdResult {
  const value = cleanCode(input);
  const uscc = checkUscc(value);
  const resident = checkResidentId(value, today);
  if (resident.valid) return resident;
  if (uscc.valid) return uscc;
  if (value.length === 9 || value.length === 8) return checkOrgCode(value);
  if (value.length === 15 || /^\d{17}[\dX]$/.test(value)) return resident;
  if (value.length === 18) return uscc;
  return { valid: false, normalised: value, kind: 'unknown', reason: 'length' };
}
