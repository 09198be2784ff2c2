/**
 * C0 and C1 control characters other than tab, line feed and carriage return. No department
 * field legitimately holds one; they come from binary junk, broken exports or mangled encodings,
 * and U+0000 cannot be stored in Postgres text or jsonb at all.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const NUL = /\u0000/g;

export interface ControlCharacter {
  /** JSON pointer of the source field (RFC 6901). */
  path: string;
  /** The field's name as the source wrote it (the dotted path for nested JSON). */
  field: string;
  /** `U+001B`. */
  code: string;
  /** 1-based position of the character in the value (or the key) holding it. */
  at: number;
}

function pointerPart(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function found(text: string, trail: string[]): ControlCharacter | undefined {
  const m = CONTROL.exec(text);
  if (!m) return undefined;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { path: `/${trail.map(pointerPart).join('/')}`, field: trail.join('.'), code, at: [...text.slice(0, m.index)].length + 1 };
}

function search(value: unknown, trail: string[]): ControlCharacter | undefined {
  if (typeof value === 'string') return found(value, trail);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const hit = search(item, [...trail, String(i)]);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const hit = found(key, [...trail, key]) ?? search(item, [...trail, key]);
    if (hit) return hit;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The first control character in a source record's keys or values, in field order. */
export function findControlCharacter(data: Record<string, unknown>): ControlCharacter | undefined {
  return search(data, []);
}

/**
 * The value with every U+0000 (in strings and keys) shown as ␀ (U+2400), so a quarantined
 * payload can be stored; every other character is kept as received.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replace(NUL, '\u2400') : value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[storable(key)] = storable(item);
  return out as T;
}
