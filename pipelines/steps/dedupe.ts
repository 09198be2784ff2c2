/**
 * Why a record lost to the one kept for its key: its `source_updated_at` is older, or the
 * timestamps tie or are missing and it comes earlier in the source.
 */
export type DuplicateReason = 'older_source_updated_at' | 'earlier_line';

export interface Duplicate<T> {
  item: T;
  /** The record kept for the same key. */
  kept: T;
  reason: DuplicateReason;
}

/**
 * In-batch dedupe: one record per key survives, the newest by `updatedAt` (ISO timestamps);
 * on a tie or when timestamps are missing, the later record in the source wins, since exports
 * append corrections after the original row. Each duplicate names the record finally kept.
 */
export function dedupeBatch<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  updatedAt: (item: T) => string | null | undefined,
): { kept: T[]; duplicates: Duplicate<T>[] } {
  const best = new Map<string, { item: T; index: number }>();
  const losers: { item: T; key: string }[] = [];
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
      losers.push({ item: seen.item, key });
      best.set(key, { item, index });
    } else {
      losers.push({ item, key });
    }
  });
  const duplicates = losers.map(({ item, key }): Duplicate<T> => {
    const kept = best.get(key)!.item;
    const lost = Date.parse(updatedAt(item) ?? '');
    const won = Date.parse(updatedAt(kept) ?? '');
    return { item, kept, reason: !Number.isNaN(lost) && !Number.isNaN(won) && lost < won ? 'older_source_updated_at' : 'earlier_line' };
  });
  const kept = [...best.values()].sort((x, y) => x.index - y.index).map((v) => v.item);
  return { kept, duplicates };
}
