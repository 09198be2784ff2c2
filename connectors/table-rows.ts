import { HubError } from '../core/errors.ts';
import type { ConnectorContext } from './define-connector.ts';
import { headerNames } from './header-names.ts';
import { HEADER_SEARCH_ROWS, misplacedHeader } from './misplaced-header.ts';
import { type TableLayoutConfig, trimTable } from './trim-table.ts';

export interface TableSource<R> {
  /** The row taken as the header: its line (row) number and cells. */
  header: { line: number; cells: readonly unknown[] };
  /** The rows after it, already started. */
  rest: AsyncIterator<R>;
  line: (row: R) => number;
  cells: (row: R) => readonly unknown[];
  unit: 'line' | 'row';
}

/**
 * A table source (csv, xlsx) from its header on: checks that the header row is the header
 * (else fails naming the row that looks like it, and the skip_rows to set), yields the header
 * names, then the data rows without the footer (see trimTable).
 */
export async function* tableRows<R>(config: TableLayoutConfig, s: TableSource<R>, ctx: ConnectorContext): AsyncGenerator<{ header: string[] } | R> {
  try {
    yield* checkedTable(config, s, ctx);
  } finally {
    // A reader that stops early (check-source stops at the header) still closes the file.
    await s.rest.return?.();
  }
}

async function* checkedTable<R>(config: TableLayoutConfig, s: TableSource<R>, ctx: ConnectorContext): AsyncGenerator<{ header: string[] } | R> {
  const below: R[] = [];
  for (let i = 0; i < HEADER_SEARCH_ROWS; i++) {
    const next = await s.rest.next();
    if (next.done) break;
    below.push(next.value);
  }
  const problem = misplacedHeader(
    s.header,
    below.map((r) => ({ line: s.line(r), cells: s.cells(r) })),
    ctx.columns?.mapped ?? [],
    s.unit,
  );
  if (problem) {
    throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `${config.path}: ${problem}`, { [s.unit]: s.header.line });
  }
  const header = headerNames(s.header.cells);
  yield { header };
  const key = (ctx.columns?.key ?? []).flatMap((name) => {
    const index = header.indexOf(name);
    return index < 0 ? [] : [{ index, name }];
  });
  async function* rows(): AsyncGenerator<R> {
    yield* below;
    for (let next = await s.rest.next(); !next.done; next = await s.rest.next()) yield next.value;
  }
  yield* trimTable(config, { rows: rows(), line: s.line, cells: s.cells, key, columns: header.length, unit: s.unit, logger: ctx.logger });
}
