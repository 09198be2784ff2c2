/** Helpers the record normalisers share: how a single field value is cleaned, kept or dropped. */

export type Clean = (value: string) => string;

/** Text fields: cleaned; whole numbers from JSON become text; empty text means the field is missing. */
export function normaliseTextValue(value: unknown, clean: Clean): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return clean(String(value)) || undefined;
  if (typeof value !== 'string') return value;
  const text = clean(value);
  return text === '' ? undefined : text;
}

/** Undefined removes the key, so a record never carries a field that is present but empty. */
export function setOrDelete(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete out[key];
  else out[key] = value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
