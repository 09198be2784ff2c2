/** Edit distance (insertions, deletions, substitutions, swaps of neighbours) between two strings, counted in code points. */
export function editDistance(left: string, right: string): number {
  const a = [...left];
  const b = [...right];
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known word a mistyped one most likely meant: the closest within a third of its length
 * (at least one edit), ignoring case, or none when nothing is that close.
 */
export function didYouMean(word: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { word: string; d: number } | undefined;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d <= limit && (best === undefined || d < best.d)) best = { word: candidate, d };
  }
  return best?.word;
}

/** `; did you mean "x"?` when a known word is close, else nothing: the tail of an unknown-key message. */
export function didYouMeanHint(word: string, known: Iterable<string>): string {
  const guess = didYouMean(word, known);
  return guess === undefined ? '' : `; did you mean "${guess}"?`;
}
