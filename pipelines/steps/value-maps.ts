import { isEmptyValue } from '../../core/is-empty-value.ts';
import { cleanText } from '../../schemas/normalise/text.ts';

/** canonical field → (lookup key of a source value → code), as a pipeline's `value_maps` resolve. */
export type ValueMaps = Record<string, Record<string, string>>;

/** A source value the field's table has no entry for. */
export interface ValueMapMiss {
  field: string;
  value: string;
}

/**
 * How a name is looked up: Excel exports pad names with full-width spaces and mix full- and
 * half-width brackets, and a space inside a Chinese name never tells two authorities apart, so
 * both the table's names and the source's values are NFKC-normalised with all white space removed.
 */
export function valueMapKey(value: string): string {
  return cleanText(value).normalize('NFKC').replace(/\s+/g, '');
}

const codeSets = new WeakMap<Record<string, string>, ReadonlySet<string>>();

function codesOf(table: Record<string, string>): ReadonlySet<string> {
  let codes = codeSets.get(table);
  if (!codes) {
    codes = new Set(Object.values(table));
    codeSets.set(table, codes);
  }
  return codes;
}

/**
 * The mapped record with each value-mapped field's name replaced by its code. A value that already
 * is one of the table's codes passes as is; an empty value is left for validation (missing_field).
 * Any other value the table lacks is a miss (the first one is returned, its value left as found):
 * the record must not load with some other code.
 */
export function applyValueMaps(record: Record<string, unknown>, maps: ValueMaps): { record: Record<string, unknown>; miss?: ValueMapMiss } {
  const out = { ...record };
  let miss: ValueMapMiss | undefined;
  for (const [field, table] of Object.entries(maps)) {
    const value = out[field];
    if (isEmptyValue(value)) continue;
    const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
    const key = valueMapKey(text);
    if (Object.hasOwn(table, key)) out[field] = table[key];
    else if (miss === undefined && !codesOf(table).has(text.trim())) miss = { field, value: text };
  }
  return miss === undefined ? { record: out } : { record: out, miss };
}
