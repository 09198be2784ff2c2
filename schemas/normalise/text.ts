/**
 * Text rules from the standards: full-width ASCII → half-width, ideographic space → space, no
 * zero-width characters or BOMs. Bidirectional marks, embeddings, overrides and isolates are
 * invisible too, and worse: U+202E shows 司公限有 for 有限公司, so a name would not read as stored.
 */

const ZERO_WIDTH = /[\u200B-\u200F\u2060\uFEFF\u061C\u202A-\u202E\u2066-\u2069]/g;

const WIDE = /[\uFF01-\uFF5E\u3000]/;

export function toHalfWidth(value: string): string {
  // Most source text has nothing to convert; skipping the rebuild keeps big loads from churning memory.
  if (!WIDE.test(value)) return value;
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/** For free text: half-width, trimmed, zero-width characters removed. Inner spacing is kept. */
export function cleanText(value: string): string {
  return toHalfWidth(value).replace(ZERO_WIDTH, '').trim();
}

const WIDE_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u3000]/g;

/**
 * For names: full-width letters, digits and spaces become half-width, but full-width punctuation
 * stays — registered names such as 某某有限公司（分公司） are written with （） and must match as
 * registered. Inner runs of spaces collapse to one.
 */
export function cleanName(value: string): string {
  const alnum = value.replace(WIDE_ALNUM, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
  return alnum.replace(ZERO_WIDTH, '').trim().replace(/\s+/g, ' ');
}

/** For codes and identifiers: half-width, no spaces or hyphens anywhere, upper-case. */
export function cleanCode(value: string): string {
  return toHalfWidth(value).replace(ZERO_WIDTH, '').replace(/[\s\-‐‑–—]/g, '').toUpperCase();
}
