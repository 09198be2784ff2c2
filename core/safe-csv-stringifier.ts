import { type Stringifier, stringify } from 'csv-stringify';

/**
 * The OWASP rule against CSV injection: a spreadsheet runs a cell that starts with one of
 * these as a formula, so such a cell gets a leading apostrophe and is shown as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that a spreadsheet could run as a formula, with the leading apostrophe that keeps it text. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const asText = neutraliseFormula;

/**
 * A csv-stringify stream for files people open in Excel or WPS: a BOM so the Chinese text reads
 * as UTF-8, CRLF line ends, every line break inside a cell quoted, and no text cell that can run
 * as a formula. Numbers stay numbers: a number cannot carry a formula.
 */
export function safeCsvStringifier(options: { columns?: string[] } = {}): Stringifier {
  return stringify({
    ...(options.columns ? { header: true, columns: options.columns } : {}),
    bom: true,
    record_delimiter: 'windows',
    // csv-stringify quotes a field holding the whole record delimiter (CRLF) but not a lone CR or LF.
    quoted_match: /[\r\n]/,
    cast: {
      string: asText,
      boolean: (value) => (value ? 'true' : 'false'),
      date: (value) => value.toISOString(),
      object: (value) => asText(JSON.stringify(value)),
    },
  });
}
