import { createRequire } from 'node:module';
import { cleanCode, cleanName } from '../normalise/text.ts';
import { fail, type IdResult } from './id-result.ts';
import { isProvincePrefix } from './province.ts';

interface Division {
  code: string;
  name: string;
  parent: string | undefined;
}

let divisions: Map<string, Division> | undefined;
let byFullName: Map<string, string[]> | undefined;

/**
 * Grouping entries of the list, not places: 330501 市辖区 sits under 330500 湖州市 and would
 * otherwise share its full name, making 湖州市 look ambiguous.
 */
const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set(['市辖区', '县']);

/** GB/T 2260 list from china-area-data (MIT, ~120 KB): parent code → { child code: name }. Loaded on first use. */
function table(): Map<string, Division> {
  if (divisions) return divisions;
  const require = createRequire(import.meta.url);
  const data = require('china-area-data/data.json') as Record<string, Record<string, string>>;
  divisions = new Map();
  for (const [parent, children] of Object.entries(data)) {
    for (const [code, name] of Object.entries(children)) {
      divisions.set(code, { code, name, parent: parent === '86' ? undefined : parent });
    }
  }
  return divisions;
}

function fullName(d: Division): string[] {
  const names: string[] = [];
  for (let cur: Division | undefined = d; cur; cur = cur.parent ? table().get(cur.parent) : undefined) {
    if (!PLACEHOLDER_NAMES.has(cur.name)) names.unshift(cur.name);
  }
  return names;
}

/** Every suffix of a division's full name (省市县, 市县, 县) → the codes of the divisions it ends. */
function nameIndex(): Map<string, string[]> {
  if (byFullName) return byFullName;
  const index = new Map<string, string[]>();
  for (const d of table().values()) {
    if (PLACEHOLDER_NAMES.has(d.name)) continue;
    const names = fullName(d);
    for (let i = 0; i < names.length; i++) {
      const key = names.slice(i).join('');
      const codes = index.get(key);
      if (codes === undefined) index.set(key, [d.code]);
      else if (!codes.includes(d.code)) codes.push(d.code);
    }
  }
  byFullName = index;
  return index;
}

export function divisionName(code: string): string | undefined {
  const d = table().get(code.slice(0, 6));
  return d ? fullName(d).join('') : undefined;
}

function nameKey(name: string): string {
  return cleanName(name).replace(/\s/g, '');
}

/** 吉安市峡江县 → 360823, 湖州市 → 330500. Undefined when the name is unknown or names more than one division. */
export function divisionCodeByName(name: string): string | undefined {
  const codes = nameIndex().get(nameKey(name));
  return codes?.length === 1 ? codes[0] : undefined;
}

export interface DivisionCandidate {
  code: string;
  /** Full name from the province down, e.g. 北京市朝阳区. */
  name: string;
}

/** Every division a name could mean (朝阳区 → 北京市朝阳区 110105, 吉林省长春市朝阳区 220104), in code order. */
export function divisionCandidates(name: string): DivisionCandidate[] {
  const codes = nameIndex().get(nameKey(name)) ?? [];
  return [...codes].sort().map((code) => ({ code, name: divisionName(code) ?? code }));
}

/**
 * 行政区划代码 (GB/T 2260): 6 digits, or a 9/12-digit township code extending one. The 6-digit
 * prefix must be in the current list.
 */
export function checkDivisionCode(input: string): IdResult {
  const value = cleanCode(input);
  if (value.length !== 6 && value.length !== 9 && value.length !== 12) return fail('division-code', value, 'length');
  if (!/^\d+$/.test(value)) return fail('division-code', value, 'charset');
  if (!isProvincePrefix(value.slice(0, 2))) return fail('division-code', value, 'division');
  if (!table().has(value.slice(0, 6))) return fail('division-code', value, 'division');
  return { valid: true, normalised: value, kind: 'division-code' };
}
