import { editDistance } from '../core/did-you-mean.ts';

/**
 * Header text as people mean it: NFKC (full-width brackets and letters become half-width), lower
 * case, no white space.
 */
function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** The header without the notes departments add in brackets or as a required-field star: 发证日期（yyyy-mm-dd）* → 发证日期. */
function headerCore(key: string): string {
  return key.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|\*/g, '');
}

/**
 * The source header a mapping most likely meant when the column it names is not there, e.g.
 * 发证日期 → 发证日期（yyyy-mm-dd）: edit distance over the normalised text, with bracketed notes
 * set aside. Undefined when no header is close enough to be a plausible typo: at most a third of
 * the name's characters differ, or one name holds the other.
 */
export function closestHeader(wanted: string, headers: readonly string[]): string | undefined {
  const key = headerKey(wanted);
  const core = headerCore(key);
  const limit = Math.max(1, Math.floor([...(core || key)].length / 3));
  let best: { header: string; distance: number } | undefined;
  for (const header of headers) {
    const other = headerKey(header);
    const otherCore = headerCore(other) || other;
    const distance = Math.min(editDistance(key, other), editDistance(core || key, otherCore));
    // 状态 for 证书状态: a name that is part of the other is a likely match too, however short.
    const contained = Math.min([...(core || key)].length, [...otherCore].length) >= 2 && (otherCore.includes(core || key) || (core || key).includes(otherCore));
    if ((distance <= limit || contained) && (best === undefined || distance < best.distance)) best = { header, distance };
  }
  return best?.header;
}
