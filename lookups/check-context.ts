import { HubError } from '../core/errors.ts';

/** Longest 经办人 and 办件编号 the lookup log keeps: a name or staff number, a case number. */
export const OPERATOR_MAX_LENGTH = 64;
export const CASE_NO_MAX_LENGTH = 64;

/** Who at the window asked (经办人) and for which case (办件编号): optional, kept in the lookup log. */
export interface CheckContext {
  operator: string | null;
  caseNo: string | null;
}

function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new HubError('HUB_ERR_VALIDATION', `${field} must be text`, { field });
  const text = value.trim();
  if (text === '') return null;
  if (/[\u0000-\u001F\u007F]/.test(text)) throw new HubError('HUB_ERR_VALIDATION', `${field} must not contain control characters`, { field });
  if (text.length > max) throw new HubError('HUB_ERR_VALIDATION', `${field} must not be longer than ${max} characters (it has ${text.length})`, { field });
  return text;
}

/** Checks and trims `operator` and `case_no` as a caller gives them; empty means not given. */
export function checkContextOf(input: { operator?: unknown; caseNo?: unknown }): CheckContext {
  return {
    operator: optionalText(input.operator, 'operator', OPERATOR_MAX_LENGTH),
    caseNo: optionalText(input.caseNo, 'case_no', CASE_NO_MAX_LENGTH),
  };
}
