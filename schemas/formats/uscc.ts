import { cleanCode } from '../normalise/text.ts';
import { fail, type IdResult } from './id-result.ts';
import { orgCodeCheck } from './org-code.ts';

/** The 31 characters of GB 32100: no I, O, Z, S, V. A character's value is its index. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const IN_CHARSET = /^[0-9A-HJ-NPQRTUWXY]*$/;
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Registration authorities (position 1) and the categories known under each (position 2). */
const CATEGORIES: Record<string, string> = {
  '1': '1239',
  '2': '19',
  '3': '1234559',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

/** GB 32100 check character for the first 17 characters (which must be in the charset). */
export function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return USCC_CHARSET[c === 31 ? 0 : c]!;
}

/** 统一社会信用代码 (GB 32100-2015). Positions 1–2 and the embedded organisation code only warn (policy). */
export function checkUscc(input: string): IdResult {
  const value = cleanCode(input);
  if (value.length !== 18) return fail('uscc', value, 'length');
  if (!IN_CHARSET.test(value)) return fail('uscc', value, 'charset');
  if (!/^\d{6}$/.test(value.slice(2, 8))) return fail('uscc', value, 'format');
  const expected = usccCheck(value.slice(0, 17));
  if (expected !== value[17]) return { ...fail('uscc', value, 'checksum'), expected };
  const warnings: string[] = [];
  const categories = CATEGORIES[value[0]!];
  if (categories === undefined) warnings.push(`unknown registration authority "${value[0]}"`);
  else if (!categories.includes(value[1]!)) warnings.push(`unknown organisation category "${value[1]}" under authority "${value[0]}"`);
  const org = value.slice(8, 17);
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(org) || orgCodeCheck(org.slice(0, 8)) !== org[8]) {
    warnings.push('embedded organisation code fails its own check');
  }
  return warnings.length > 0 ? { valid: true, normalised: value, kind: 'uscc', warnings } : { valid: true, normalised: value, kind: 'uscc' };
}
