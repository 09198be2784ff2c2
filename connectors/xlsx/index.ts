import { HubError } from '../../core/errors.ts';
import { type CheckResult, type ConnectorContext, defineConnector, type SourceRecord } from '../define-connector.ts';
import { headerRowOf } from '../header-row-of.ts';
import { resolveSourceFile } from '../resolve-source-file.ts';
import { readFileBatches } from '../read-file-batches.ts';
import { tableRows } from '../table-rows.ts';
import type { TableLayoutConfig } from '../trim-table.ts';
import configSchema from './config.schema.json' with { type: 'json' };
import { readWorkbookParts } from './read-workbook-parts.ts';
import { type SheetRow, worksheetRows } from './worksheet-rows.ts';
import { openZipArchive } from './zip-archive.ts';

export type XlsxConfig = TableLayoutConfig & {
  connector: 'xlsx';
  path: string;
  /** A name, or a 1-based position in tab order. */
  sheet?: string | number;
  header_row?: number;
  skip_rows?: number;
};

function isBlank(value: unknown): boolean {
  return value === null || value === '';
}

function unreadable(config: XlsxConfig, err: unknown): HubError {
  return new HubError('HUB_ERR_SOURCE_UNREADABLE', `${config.path}: cannot read as an xlsx workbook: ${err instanceof Error ? err.message : String(err)}`, undefined, {
    cause: err,
  });
}

/**
 * The rows of the chosen worksheet as plain values (index 0 = column A). The zip is read by its
 * central directory: the sheet list, styles and shared strings first, then the sheet streamed.
 */
async function* sheetRows(file: string, config: XlsxConfig): AsyncGenerator<SheetRow> {
  const wanted = config.sheet ?? 1;
  const zip = await openZipArchive(file).catch((err: unknown) => {
    throw unreadable(config, err);
  });
  try {
    const workbook = await readWorkbookParts(zip).catch((err: unknown) => {
      throw unreadable(config, err);
    });
    const index = typeof wanted === 'number' ? wanted - 1 : workbook.sheets.findIndex((s) => s.name === wanted);
    const sheet = workbook.sheets[index];
    if (!sheet) {
      const names = workbook.sheets.map((s) => s.name);
      throw new HubError('HUB_ERR_CONFIG_INVALID', `${config.path}: no sheet ${JSON.stringify(wanted)}; the workbook has ${names.join(', ') || 'no sheets'}`, {
        sheet: wanted,
        sheets: names,
      });
    }
    if (!sheet.part) throw unreadable(config, new Error(`the part of sheet ${sheet.name} is missing`));
    try {
      yield* worksheetRows(zip, sheet.part, workbook);
    } catch (err) {
      if (err instanceof HubError) throw err;
      throw unreadable(config, err);
    }
  } finally {
    zip.close();
  }
}

/** The non-blank rows still to come from `rows`. */
async function* nonBlank(rows: AsyncIterator<SheetRow>): AsyncGenerator<SheetRow> {
  try {
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      if (!next.value.values.every(isBlank)) yield next.value;
    }
  } finally {
    await rows.return?.();
  }
}

/** The header names and the non-blank rows after them; rows above the header (`skip_rows`, `header_row`) are skipped. */
async function* sheetTable(file: string, config: XlsxConfig, ctx: ConnectorContext): AsyncGenerator<{ header: string[] } | SheetRow> {
  const headerRow = headerRowOf(config);
  const rows = sheetRows(file, config);
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    const row = next.value;
    if (row.number < headerRow) continue;
    // Blank rows are mostly absent from the file, so a row past the header row means it was blank.
    if (row.number > headerRow || row.values.every(isBlank)) {
      await rows.return(undefined);
      throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `${config.path}: header row ${headerRow} is empty; check header_row (or skip_rows)`, { header_row: headerRow });
    }
    yield* tableRows(config, { header: { line: row.number, cells: row.values }, rest: nonBlank(rows), line: (r) => r.number, cells: (r) => r.values, unit: 'row' }, ctx);
    return;
  }
}

async function* xlsxRecords(file: string, config: XlsxConfig, ctx: ConnectorContext): AsyncGenerator<SourceRecord> {
  let header: string[] = [];
  for await (const item of sheetTable(file, config, ctx)) {
    if ('header' in item) {
      header = item.header;
      continue;
    }
    const data: Record<string, unknown> = {};
    for (const name of header) data[name] = null;
    item.values.forEach((value, i) => {
      data[header[i] ?? `column_${i + 1}`] = value;
    });
    yield { line: item.number, data };
  }
}

export default defineConnector<XlsxConfig>({
  kind: 'xlsx',
  configSchema,

  read(config, state, ctx: ConnectorContext) {
    return readFileBatches('xlsx', 'row', config, state, ctx, (file) => xlsxRecords(file, config, ctx));
  },

  async check(config, ctx): Promise<CheckResult> {
    try {
      const file = await resolveSourceFile(config.path, ctx.workspace);
      for await (const item of sheetTable(file, config, ctx)) {
        if ('header' in item) {
          return { ok: true, message: `${config.path}: ${item.header.length} columns`, columns: item.header };
        }
      }
      return { ok: false, message: `${config.path}: no header found at or below row ${headerRowOf(config)}` };
    } catch (err) {
      if (err instanceof HubError) return { ok: false, message: err.message };
      throw err;
    }
  },
});
