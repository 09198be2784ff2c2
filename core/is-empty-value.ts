/** Nothing written: no value, or text of white space only (an Excel cell someone cleared with a space). */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
