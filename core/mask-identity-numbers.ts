/** Identity numbers keep their first 6 and last 4 characters: enough to tell rows apart, not to identify anyone. */
export function maskId(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

// People group ids as printed (110105 19491231 002X), a form keeps the `+` of an encoded space.
const SEP = '[ +\\-]?';
const DIGIT = `${SEP}[0-9]`;
const RESIDENT_18 = `[0-9](?:${DIGIT}){16}${SEP}[0-9Xx]`;
const RESIDENT_15 = `[0-9](?:${DIGIT}){14}`;
// GB 32100: registration authority and kind, a 6-digit division code, then 10 characters without I, O, S, V, Z.
const USCC_CHAR = '[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]';
const USCC = `${USCC_CHAR}${SEP}${USCC_CHAR}(?:${DIGIT}){6}(?:${SEP}${USCC_CHAR}){10}`;
const ALONE_BEFORE = '(?<![0-9A-Za-z])';
const ALONE_AFTER = '(?![0-9A-Za-z])';

const PERSONAL = new RegExp(`${ALONE_BEFORE}(?:${RESIDENT_18}|${RESIDENT_15})${ALONE_AFTER}`, 'g');
const PERSONAL_OR_USCC = new RegExp(`${ALONE_BEFORE}(?:${USCC}|${RESIDENT_18}|${RESIDENT_15})${ALONE_AFTER}`, 'g');
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const NON_ASCII = /[^\x00-\x7F]/;

/** Percent-escapes read as UTF-8; bytes that are not UTF-8 become U+FFFD instead of failing the whole text. */
function percentDecoded(text: string): string {
  return text.replace(PERCENT_RUN, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
}

function nfkc(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFKC') : text;
}

export interface MaskOptions {
  /** Also mask 18-character unified social credit codes (organisations), e.g. in free text a person typed. */
  uscc?: boolean;
}

/**
 * Masks the 18- and 15-digit resident ids in free text however they are written: grouped with
 * spaces or hyphens, in full-width digits (read through NFKC) or percent-encoded as in a URL
 * (`%A5110105…`, `%EF%BC%91…`). Text holding no identity number comes back unchanged; text
 * holding one comes back in the form the number was found in (normalised, decoded), masked.
 */
export function maskIdentityNumbers(text: string, options: MaskOptions = {}): string {
  const pattern = options.uscc === true ? PERSONAL_OR_USCC : PERSONAL;
  const plain = nfkc(text);
  let masked = plain.replace(pattern, maskId);
  if (masked.includes('%')) {
    const decoded = nfkc(percentDecoded(masked));
    const again = decoded.replace(pattern, maskId);
    if (again !== decoded) masked = again;
  }
  return masked === plain ? text : masked;
}
