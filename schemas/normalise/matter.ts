import { divisionCodeByName } from '../formats/division-code.ts';
import { MATTER_TYPES } from '../formats/matter-type.ts';
import { isPlainObject, normaliseTextValue, setOrDelete } from './fields.ts';
import { cleanCode, cleanName, cleanText } from './text.ts';

const MATTER_TYPE_BY_NAME: ReadonlyMap<string, string> = new Map(Object.entries(MATTER_TYPES).map(([code, name]) => [name, code]));

const HANDLING_TYPES: Readonly<Record<string, string>> = { '1': '1', '2': '2', 即办件: '1', 承诺件: '2' };

const YES_NO: Readonly<Record<string, boolean>> = {
  是: true,
  否: false,
  true: true,
  false: false,
  '1': true,
  '0': false,
  必要: true,
  非必要: false,
};

/** Sources number 事项类型 without the leading zero or write its name (行政许可 → 01). */
function normaliseMatterType(input: unknown): unknown {
  const text = normaliseTextValue(input, cleanText);
  if (typeof text !== 'string') return text;
  if (/^\d$/.test(text)) return `0${text}`;
  return MATTER_TYPE_BY_NAME.get(text) ?? text;
}

/** A division name (吉安市峡江县) becomes its code when the name is unambiguous. */
function normaliseDivisionCode(input: unknown): unknown {
  const code = normaliseTextValue(input, cleanCode);
  if (typeof code !== 'string' || /^\d+$/.test(code) || typeof input !== 'string') return code;
  return divisionCodeByName(input) ?? code;
}

export function normaliseRequired(input: unknown): unknown {
  if (typeof input === 'boolean') return input;
  if (input === 1 || input === 0) return input === 1;
  if (typeof input !== 'string') return input;
  const word = cleanText(input).toLowerCase();
  if (word === '') return undefined;
  return Object.hasOwn(YES_NO, word) ? YES_NO[word] : input;
}

/** A list, or one string of codes separated by commas, 顿号 or semicolons (spreadsheet cells). */
function normaliseCodeList(input: unknown): unknown {
  if (input === undefined || input === null) return [];
  const items = typeof input === 'string' ? input.split(/[,，、;；]/) : input;
  if (!Array.isArray(items)) return input;
  const out: unknown[] = [];
  for (const item of items) {
    const value = normaliseTextValue(item, cleanText);
    if (value !== undefined && !out.includes(value)) out.push(value);
  }
  return out;
}

function normaliseMaterial(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  if ('material_code' in out) setOrDelete(out, 'material_code', normaliseTextValue(out.material_code, cleanText));
  if ('name' in out) setOrDelete(out, 'name', normaliseTextValue(out.name, cleanName));
  if ('required' in out) setOrDelete(out, 'required', normaliseRequired(out.required));
  for (const key of ['form', 'material_type', 'source_channel']) {
    if (key in out) setOrDelete(out, key, normaliseTextValue(out[key], cleanText));
  }
  out.accepted_cert_types = normaliseCodeList(out.accepted_cert_types);
  return out;
}

/**
 * One source record → a canonical matter, as far as it can be made one. Pure; values that cannot
 * be normalised are left as found for validation to report.
 */
export function normaliseMatter(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  if ('matter_code' in out) setOrDelete(out, 'matter_code', normaliseTextValue(out.matter_code, cleanCode));
  if ('local_code' in out) setOrDelete(out, 'local_code', normaliseTextValue(out.local_code, cleanText));
  if ('name' in out) setOrDelete(out, 'name', normaliseTextValue(out.name, cleanName));
  if ('matter_type' in out) setOrDelete(out, 'matter_type', normaliseMatterType(out.matter_type));
  if ('handling_type' in out) {
    const text = normaliseTextValue(out.handling_type, cleanText);
    setOrDelete(out, 'handling_type', typeof text === 'string' && Object.hasOwn(HANDLING_TYPES, text) ? HANDLING_TYPES[text] : text);
  }
  if ('dept_code' in out) setOrDelete(out, 'dept_code', normaliseTextValue(out.dept_code, cleanCode));
  if ('division_code' in out) setOrDelete(out, 'division_code', normaliseDivisionCode(out.division_code));
  const materials = out.materials ?? [];
  out.materials = Array.isArray(materials) ? materials.map((m) => (isPlainObject(m) ? normaliseMaterial(m) : m)) : materials;
  return out;
}
