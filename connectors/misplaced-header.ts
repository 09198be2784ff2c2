import { headerText } from './header-names.ts';
import { filledCells, firstText } from './trim-table.ts';

/** How many rows under the expected header are searched for the real one. */
export const HEADER_SEARCH_ROWS = 5;

function names(cells: readonly unknown[]): Set<string> {
  return new Set(cells.map(headerText));
}

/**
 * Why the row taken as the header is not the header, naming the row that looks like it, or
 * undefined when it is fine. A row below looks like the header when it has columns the pipeline
 * maps and the expected one has none, or — without a mapping to go by — when the expected row
 * has one filled cell (a merged title such as 湖州市住房和城乡建设局 房屋租赁备案证明) over a row of
 * several.
 */
export function misplacedHeader(
  header: { line: number; cells: readonly unknown[] },
  below: readonly { line: number; cells: readonly unknown[] }[],
  mapped: readonly string[],
  unit: 'line' | 'row',
): string | undefined {
  const skip = (line: number) => `set skip_rows: ${line - 1} (or header_row: ${line})`;
  if (mapped.length > 0) {
    const at = names(header.cells);
    if (mapped.some((m) => at.has(m))) return undefined;
    const hits = below.map((r) => ({ r, found: mapped.filter((m) => names(r.cells).has(m)) })).filter((h) => h.found.length > 0);
    const best = hits.sort((a, b) => b.found.length - a.found.length)[0];
    if (best) {
      return `the header is not on ${unit} ${header.line}, which has none of the mapped columns; ${unit} ${best.r.line} has ${best.found.join(', ')}: ${skip(best.r.line)}`;
    }
  }
  const next = below[0];
  if (filledCells(header.cells) === 1 && next && filledCells(next.cells) > 1) {
    const title = firstText(header.cells);
    return `${unit} ${header.line} looks like a title (${JSON.stringify(title.length > 40 ? `${title.slice(0, 40)}…` : title)}), not a header; ${unit} ${next.line} has ${filledCells(next.cells)} columns: ${skip(next.line)}`;
  }
  return undefined;
}
