import { CsvError, parse } from 'csv-parse';
import { pipeline } from 'node:stream';
import { HubError } from '../../core/errors.ts';
import { type CheckResult, type ConnectorContext, defineConnector, type SourceRecord } from '../define-connector.ts';
import { headerRowOf } from '../header-row-of.ts';
import { openTextStream, type TextEncoding, undecodableError } from '../open-text-stream.ts';
import { resolveSourceFile } from '../resolve-source-file.ts';
import { readFileBatches } from '../read-file-batches.ts';
import { tableRows } from '../table-rows.ts';
import type { TableLayoutConfig } from '../trim-table.ts';
import configSchema from './config.schema.json' with { type: 'json' };

export type CsvConfig = TableLayoutConfig & {
  connector: 'csv';
  path: string;
  encoding?: TextEncoding;
  delimiter?: string;
  header_row?: number;
  skip_rows?: number;
  quote?: string;
};

/** One parsed CSV row: its fields, the line it starts on, and its raw text for quarantine. */
interface CsvRow {
  line: number;
  fields: string[];
  text: string;
}

/** Line breaks in `text`, a CRLF counting once. */
function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

const LEADING_BREAKS = /^[\r\n]+/;
const TRAILING_BREAKS = /[\r\n]+$/;

async function* csvRows(file: string, config: CsvConfig): AsyncGenerator<CsvRow> {
  const parser = parse({
    bom: true,
    delimiter: config.delimiter ?? ',',
    quote: config.quote ?? '"',
    raw: true,
    relax_column_count: true,
    // Exports often carry a stray quote inside an unquoted field (名称 with "…"): keep it as text.
    relax_quotes: true,
    skip_empty_lines: true,
  });
  const rows = pipeline(openTextStream(file, config.encoding ?? 'utf-8'), parser, () => undefined);
  // Line numbers come from the raw text, not from csv-parse's `info.lines`, which counts a CRLF
  // inside a quoted field as two lines and so drifts on Windows exports with multi-line cells.
  // Each raw chunk holds the record plus any skipped empty lines before it.
  let lines = 0;
  try {
    // With `raw: true` csv-parse emits { record, raw }; its stream is typed loosely.
    for await (const { record, raw } of rows as AsyncIterable<{ record: string[]; raw: string }>) {
      const lead = LEADING_BREAKS.exec(raw)?.[0] ?? '';
      const line = lines + countLineBreaks(lead) + 1;
      lines += countLineBreaks(raw);
      yield { line, fields: record, text: raw.slice(lead.length).replace(TRAILING_BREAKS, '') };
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // A broken quote swallows every row after it: a file-level fault, not one bad record.
    throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `${config.path}: cannot parse CSV after line ${lines}: ${err.message}`, {
      line: lines + 1,
      code: err.code,
    }, { cause: err });
  }
}

/** The header names and the rows after them; lines above the header (`skip_rows`, `header_row`) are skipped. */
async function* csvTable(file: string, config: CsvConfig, ctx: ConnectorContext): AsyncGenerator<{ header: string[] } | CsvRow> {
  const headerRow = headerRowOf(config);
  const encoding = config.encoding ?? 'utf-8';
  const rows = csvRows(file, config);
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    const row = next.value;
    if (row.line < headerRow) continue;
    const problem = undecodableError(row.text, encoding);
    if (problem) {
      await rows.return(undefined);
      throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `${config.path}: the header (line ${row.line}) has ${problem}; check the source's encoding`, {
        line: row.line,
      });
    }
    yield* tableRows(config, { header: { line: row.line, cells: row.fields }, rest: rows, line: (r) => r.line, cells: (r) => r.fields, unit: 'line' }, ctx);
    return;
  }
}

function toRecord(row: CsvRow, header: readonly string[], encoding: TextEncoding): SourceRecord {
  const undecodable = undecodableError(row.text, encoding);
  if (undecodable) return { line: row.line, text: row.text, error: undecodable };
  if (row.fields.length !== header.length) {
    return { line: row.line, text: row.text, error: `expected ${header.length} columns, got ${row.fields.length}` };
  }
  const data: Record<string, unknown> = {};
  header.forEach((name, i) => {
    data[name] = row.fields[i];
  });
  return { line: row.line, data };
}

async function* csvRecords(file: string, config: CsvConfig, ctx: ConnectorContext): AsyncGenerator<SourceRecord> {
  const encoding = config.encoding ?? 'utf-8';
  let header: string[] = [];
  for await (const item of csvTable(file, config, ctx)) {
    if ('header' in item) header = item.header;
    else yield toRecord(item, header, encoding);
  }
}

export default defineConnector<CsvConfig>({
  kind: 'csv',
  configSchema,

  read(config, state, ctx: ConnectorContext) {
    return readFileBatches('csv', 'line', config, state, ctx, (file) => csvRecords(file, config, ctx));
  },

  async check(config, ctx): Promise<CheckResult> {
    try {
      const file = await resolveSourceFile(config.path, ctx.workspace);
      for await (const item of csvTable(file, config, ctx)) {
        if ('header' in item) {
          return { ok: true, message: `${config.path}: ${item.header.length} columns`, columns: item.header };
        }
      }
      return { ok: false, message: `${config.path}: no header found at or below line ${headerRowOf(config)}` };
    } catch (err) {
      if (err instanceof HubError) return { ok: false, message: err.message };
      throw err;
    }
  },
});
