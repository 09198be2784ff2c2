import { cleanCode } from '../normalise/text.ts';
import { fail, type IdResult } from './id-result.ts';

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function charValue(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}

/** GB 11714 check character for an 8-character body (digits or upper-case letters). */
export function orgCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += charValue(body[i]!) * WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** 组织机构代码 (GB 11714-1997): 8 body characters + check, often written XXXXXXXX-X. */
export function checkOrgCode(input: string): IdResult {
  const value = cleanCode(input);
  if (value.length !== 9) return fail('org-code', value, 'length');
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(value)) return fail('org-code', value, 'charset');
  if (orgCodeCheck(value.slice(0, 8)) !== value[8]) return fail('org-code', value, 'checksum');
  return { valid: true, normalised: value, kind: 'org-code' };
}
