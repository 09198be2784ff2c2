import { orgCodeCheck } from '../../schemas/formats/org-code.ts';
import { USCC_CHARSET, usccCheck } from '../../schemas/formats/uscc.ts';

/** `count` characters of the USCC character set spelling `value` in base 31 (most significant first). */
export function base31(value: number, count: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < count; i++) {
    out = USCC_CHARSET[rest % 31]! + out;
    rest = Math.floor(rest / 31);
  }
  return out;
}

/**
 * 统一社会信用代码 (GB 32100): registration authority + category (`prefix`, e.g. 91 企业), the
 * registering division, the organisation code (`orgBody` + its GB 11714 check) and the check
 * character. `orgBody` must use the USCC character set so the whole code stays in it.
 */
export function makeUscc(prefix: string, division: string, orgBody: string): string {
  if (prefix.length !== 2 || !/^\d{6}$/.test(division) || orgBody.length !== 8) throw new RangeError(`bad USCC parts ${prefix}/${division}/${orgBody}`);
  const first17 = prefix + division + orgBody + orgCodeCheck(orgBody);
  return first17 + usccCheck(first17);
}
