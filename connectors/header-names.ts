/**
 * Record keys from header cells: trimmed, BOM removed. An empty cell becomes `column_<n>`
 * (1-based) and a repeated name gets `_2`, `_3`… so that no column silently overwrites another.
 */
export function headerNames(cells: readonly string[]): string[] {
  const taken = new Set<string>();
  return cells.map((cell, i) => {
    const base = cell.replace(/^\uFEFF/, '').trim() || `column_${i + 1}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  });
}
