/**
 * In-batch dedupe: one record per key survives, the newest by `updatedAt` (ISO timestamps);
 * on a tie or when timestamps are missing, the later record in the source wins, since exports
 * append corrections after the original row.
 */
export function dedupeBatch<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  updatedAt: (item: T) => string | null | undefined,
): { kept: T[]; duplicates: T[] } {
  const best = new Map<string, { item: T; index: number }>();
  const duplicates: T[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const seen = best.get(key);
    if (!seen) {
      best.set(key, { item, index });
      return;
    }
    const a = Date.parse(updatedAt(seen.item) ?? '');
    const b = Date.parse(updatedAt(item) ?? '');
    const incomingWins = Number.isNaN(a) || Number.isNaN(b) ? true : b >= a;
    if (incomingWins) {
      duplicates.push(seen.item);
      best.set(key, { item, index });
    } else {
      duplicates.push(item);
    }
  });
  const kept = [...best.values()].sort((x, y) => x.index - y.index).map((v) => v.item);
  return { kept, duplicates };
}
