import { DuckDBDataChunkWriter, JSToDuckDBValueConverter, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';

export interface DuckColumn {
  name: string;
  type: DuckDBType;
}

/**
 * Creates `table` in DuckDB and appends the rows page by page through DuckDB's appender, one
 * data chunk at a time; each page can be dropped once appended, so memory stays at one page.
 */
export async function appendPages(
  duck: DuckDBConnection,
  table: string,
  columns: DuckColumn[],
  pages: AsyncIterable<unknown[][]>,
  onPage?: (rowsSoFar: number) => void,
): Promise<number> {
  await duck.run(`create or replace table ${table} (${columns.map((c) => `"${c.name}" ${c.type.toString()}`).join(', ')})`);
  const appender = await duck.createAppender(table);
  const writer = DuckDBDataChunkWriter.forAppender(appender, { converter: JSToDuckDBValueConverter });
  let rows = 0;
  try {
    for await (const page of pages) {
      for (const row of page) writer.appendRow(row as Parameters<typeof writer.appendRow>[0]);
      writer.flush();
      appender.flushSync();
      rows += page.length;
      onPage?.(rows);
    }
  } finally {
    appender.closeSync();
  }
  return rows;
}
