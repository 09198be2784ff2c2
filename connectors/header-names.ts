/** A header cell as a name: text, BOM removed, trimmed; an empty cell is ''. */
export function headerText(cell: unknown): string {
  return (cell === null || cell === undefined ? '' : String(cell)).replace(/^\uFEFF/, '').trim();
}

/**
 * Record keys from header cells (headerText). An empty cell becomes `column_<n>` (1-based) and a
 * repeated name gets `_2`, `_3`… so that no column silently overwrites another.
 */
export function headerNames(cells: readonly unknown[]): string[] {
  const taken = new Set<string>();
  return cells.map((cell, i) => {
    const base = headerText(cell) || `column_${i + 1}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  });
}
