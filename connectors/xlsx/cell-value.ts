const DAY_MS = 86_400_000;

/**
 * Excel dates carry no time zone: the wall-clock reading goes into the UTC fields, so the ISO
 * text comes from those. Whole days print as a date, anything else as a local date-time.
 */
function isoDate(ms: number): string | null {
  // Serials are floats: round off the stray milliseconds they land on.
  const rounded = Math.round(ms / 1000) * 1000;
  if (!Number.isFinite(rounded) || Math.abs(rounded) > 8.64e15) return null;
  const iso = new Date(rounded).toISOString();
  return rounded % DAY_MS === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** Whether a number format shows a date or time: a y, m, d, h, s or b outside quotes and brackets. */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function serialToIso(serial: number, date1904: boolean): string | null {
  return isoDate((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS);
}

const XML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * OOXML writes a character XML cannot carry (a control character, a lone CR) as `_xHHHH_`, and a
 * literal `_x` as `_x005F_x`. This decodes them, so `_x000D_` is a line break again and a NUL
 * reaches the control-character check as a NUL.
 */
export function unescapeXml(text: string): string {
  return text.includes('_x') ? text.replace(XML_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

export interface RawCell {
  /** The `t` attribute: s (shared string), str (formula text), inlineStr, b, e, d, n. */
  type: string | undefined;
  /** The `<v>` text, or the inline string. */
  text: string | undefined;
  isDate: boolean;
}

/**
 * A cell's value as a record value: text, a number, a boolean, an error such as `#N/A`, or an
 * ISO date for a number shown in a date format (formula results included).
 */
export function cellValue(cell: RawCell, sharedStrings: readonly string[], date1904: boolean): unknown {
  const { type, text } = cell;
  if (text === undefined) return null;
  switch (type) {
    case 's':
      return unescapeXml(sharedStrings[Number(text)] ?? '');
    case 'str':
    case 'inlineStr':
      return unescapeXml(text);
    case 'e':
      return text;
    case 'b':
      return text === '1' || text === 'true';
    case 'd':
      return isoDate(Date.parse(text.endsWith('Z') || text.length <= 10 ? text : `${text}Z`)) ?? text;
    default: {
      if (text.trim() === '') return null;
      const n = Number(text);
      if (!Number.isFinite(n)) return text;
      return cell.isDate ? serialToIso(n, date1904) : n;
    }
  }
}
