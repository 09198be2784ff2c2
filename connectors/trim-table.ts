import { HubError } from '../core/errors.ts';
import { isEmptyValue } from '../core/is-empty-value.ts';
import type { Logger } from '../core/log.ts';

/** The layout keys a table source (csv, xlsx) accepts besides where its header is. */
export type TableLayoutConfig = {
  path: string;
  footer_rows?: number;
  stop_at?: string | null;
  stop_at_empty_key?: boolean;
  detect_footer?: boolean;
};

/**
 * What a department writes under its table: who made and checked it, totals, a count. Matched
 * at the start of a row's first non-empty cell.
 */
const FOOTER_WORDS = /^(制表|填表|填报|审核|复核|核对人|负责人|经办人|合计|总计|小计|共\s*\d+\s*[条行项笔份个人户]|打印(时间|日期)|导出(时间|日期))/;

/**
 * How many trailing rows without a key are held back as a possible footer. A longer run of them
 * is data that lacks its key, not a footer: it goes through, to be quarantined.
 */
const MAX_FOOTER = 50;

/** Tables narrower than this have rows of one cell as data: a single filled cell says footer only in a wider table. */
const MIN_COLUMNS = 3;

/** Rows named in a warning, so that what was left out can be found in the file. */
const SHOWN = 5;

export interface TableRows<R> {
  rows: AsyncIterable<R>;
  line: (row: R) => number;
  cells: (row: R) => readonly unknown[];
  /** Header positions of the columns holding the natural key, and their names. */
  key: { index: number; name: string }[];
  /** How many columns the header has. */
  columns: number;
  unit: 'line' | 'row';
  logger: Logger;
}

/** How many cells of a row hold something. */
export function filledCells(cells: readonly unknown[]): number {
  return cells.filter((c) => !isEmptyValue(c)).length;
}

/** The text of a row's first filled cell, trimmed; '' for an empty row. */
export function firstText(cells: readonly unknown[]): string {
  const cell = cells.find((c) => !isEmptyValue(c));
  return cell === undefined ? '' : String(cell).trim();
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine;
}

/** A `stop_at` pattern as a regular expression; a pattern that does not compile is a configuration error. */
function stopPattern(config: TableLayoutConfig): RegExp | undefined {
  if (config.stop_at === undefined || config.stop_at === null) return undefined;
  try {
    return new RegExp(config.stop_at, 'u');
  } catch (err) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `${config.path}: stop_at ${JSON.stringify(config.stop_at)} is not a regular expression: ${(err as Error).message}`, {
      stop_at: config.stop_at,
    });
  }
}

/**
 * The data rows of a table, without what departments put under it, which must become neither
 * records nor silently lost rows:
 * - `footer_rows: N` leaves out the last N rows, through a look-behind of N rows, never the whole file;
 * - `stop_at` stops at the first row whose first non-empty cell matches it, `stop_at_empty_key`
 *   at the first row whose key columns are all empty; every row from there on is left out;
 * - by default (`detect_footer`), the rows after the last data row that start like a footer
 *   (制表人, 审核人, 合计, 共 N 条), are blank, or hold a single cell (a note), are left out.
 *   Only trailing rows: a row without its key in the middle of the data stays a record (and is
 *   quarantined), because stopping there would cut off the data after it; and so does a last
 *   row that lacks its key but has the rest of a record's cells.
 * Whatever is left out is counted and logged as a `rows_ignored` warning naming its lines, and
 * how many of those rows have a key (data, most likely).
 */
export async function* trimTable<R>(config: TableLayoutConfig, t: TableRows<R>): AsyncGenerator<R> {
  const footerRows = config.footer_rows ?? 0;
  const stopAt = stopPattern(config);
  const detect = config.detect_footer ?? true;
  if (config.stop_at_empty_key && t.key.length === 0) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `${config.path}: stop_at_empty_key needs the columns mapped to the natural key (e.g. cert_number) in the header; none is there`);
  }
  const keyless = (row: R) => t.key.length > 0 && t.key.every((k) => isEmptyValue(t.cells(row)[k.index]));
  const tail: R[] = [];
  let held: R[] = [];
  let overflowed = false;
  let stop: { row: R; why: string } | undefined;
  const after: R[] = [];
  let afterCount = 0;
  const looksLikeFooter = (row: R) => {
    const cells = t.cells(row);
    const n = filledCells(cells);
    const first = firstText(cells);
    return n === 0 || (n === 1 && t.columns >= MIN_COLUMNS) || FOOTER_WORDS.test(first) || stopAt?.test(first) === true;
  };
  const note = (row: R) => {
    afterCount++;
    if (after.length < SHOWN && !keyless(row) && !looksLikeFooter(row)) after.push(row);
  };

  for await (const row of t.rows) {
    if (stop) {
      note(row);
      continue;
    }
    tail.push(row);
    if (tail.length <= footerRows) continue;
    const r = tail.shift()!;
    const first = firstText(t.cells(r));
    if (stopAt?.test(first)) stop = { row: r, why: `its first cell matches stop_at ${JSON.stringify(config.stop_at)}` };
    else if (config.stop_at_empty_key && keyless(r)) stop = { row: r, why: `its ${t.key.map((k) => k.name).join(', ')} is empty (stop_at_empty_key)` };
    // Rows held as a possible footer before the stop row are part of that footer.
    if (stop) continue;
    const footer = looksLikeFooter(r);
    if (detect && !overflowed && footer) {
      held.push(r);
      if (held.length > MAX_FOOTER) {
        overflowed = true;
        yield* held;
        held = [];
      }
      continue;
    }
    if (!footer) overflowed = false;
    yield* held;
    held = [];
    yield r;
  }

  const lines = (rows: readonly R[]) => rows.map(t.line);
  const where = (rows: readonly R[]) => {
    const ls = lines(rows);
    return ls.length === 1 ? `${t.unit} ${ls[0]}` : `${t.unit}s ${ls[0]}–${ls.at(-1)}`;
  };
  if (held.length > 0) {
    const text = shorten(firstText(t.cells(held[0]!)));
    t.logger.warn(
      { event: 'rows_ignored', path: config.path, rule: 'footer', lines: lines(held), text, ignored: held.length },
      `${config.path}: ${held.length} ${t.unit}${held.length === 1 ? '' : 's'} after the last data row (${where(held)}, from "${text}") read as the table's footer and ignored; set detect_footer: false to read them as records`,
    );
  }
  if (stop) {
    for (const row of tail) note(row);
    const text = shorten(firstText(t.cells(stop.row)));
    const keyed = after.length > 0 ? `; ${after.length === SHOWN ? `${SHOWN} or more` : after.length} of them have a key (${t.unit} ${lines(after).join(', ')}): check the stop rule` : '';
    t.logger.warn(
      { event: 'rows_ignored', path: config.path, rule: 'stop', [t.unit]: t.line(stop.row), text, ignored: afterCount + 1, keyed_lines: lines(after) },
      `${config.path}: stopped at ${t.unit} ${t.line(stop.row)} (${text}) because ${stop.why}; ${afterCount + 1} ${t.unit}${afterCount === 0 ? '' : 's'} from there to the end ignored${keyed}`,
    );
  } else if (tail.length > 0) {
    const keyed = tail.filter((r) => !keyless(r) && !looksLikeFooter(r));
    t.logger.warn(
      { event: 'rows_ignored', path: config.path, rule: 'footer_rows', lines: lines(tail), ignored: tail.length, keyed_lines: lines(keyed) },
      `${config.path}: footer_rows: the last ${tail.length} ${t.unit}${tail.length === 1 ? '' : 's'} (${where(tail)}, from "${shorten(firstText(t.cells(tail[0]!)))}") ignored` +
        (keyed.length > 0 ? `; ${keyed.length} of them look like data (${t.unit} ${lines(keyed).join(', ')}): check footer_rows` : ''),
    );
  }
}
