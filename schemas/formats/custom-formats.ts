import { normaliseStatus } from '../normalise/status.ts';
import { checkDivisionCode } from './division-code.ts';
import type { IdResult } from './id-result.ts';
import { isMatterType } from './matter-type.ts';
import { checkOrgCode } from './org-code.ts';
import { checkResidentId } from './resident-id.ts';
import { checkUscc } from './uscc.ts';

/**
 * A stored value must already be in normal form: the checks accept lower-case or spaced input
 * and say what it normalises to, but the catalogue holds only the normalised spelling.
 */
function stored(check: (value: string) => IdResult): (value: string) => boolean {
  return (value) => {
    const r = check(value);
    return r.valid && r.normalised === value;
  };
}

/** ajv custom formats, by the name the schemas use in `format`. */
export const customFormats: Readonly<Record<string, (value: string) => boolean>> = {
  uscc: stored(checkUscc),
  'org-code': stored(checkOrgCode),
  'resident-id': stored((value) => checkResidentId(value)),
  'division-code': stored(checkDivisionCode),
  'cert-status': (value) => normaliseStatus(value) !== undefined,
  'matter-type': isMatterType,
};
