import { createReadStream } from 'node:fs';
import ExcelJS from '../../core/exceljs.ts';
import type { CellValue } from 'exceljs';
import { HubError } from '../../core/errors.ts';
import { type CheckResult, type ConnectorContext, defineConnector, type SourceRecord } from '../define-connector.ts';
import { headerNames } from '../header-names.ts';
import { resolveSourceFile } from '../resolve-source-file.ts';
import { readFileBatches } from '../read-file-batches.ts';
import configSchema from './config.schema.json' with { type: 'json' };

export type XlsxConfig = {
  connector: 'xlsx';
  path: string;
  /** A name, or a 1-based position in tab order. */
  sheet?: string | number;
  header_row?: number;
};

/**
 * What the streaming reader sets at run time but exceljs's typings leave out: the sheet list in
 * tab order with names, the 1904 date system flag, and each worksheet's name.
 */
interface WorkbookReaderState {
  model?: { sheets?: { name: string }[] };
  properties?: { model?: { date1904?: boolean } };
}
interface WorksheetReaderState {
  name: string;
}

interface SheetRow {
  number: number;
  values: unknown[];
}

const DAY_MS = 86_400_000;

/**
 * Excel dates carry no time zone; exceljs puts the wall-clock reading in the UTC fields, so the
 * ISO text comes from those. Whole days print as a date, anything else as a local date-time.
 */
function isoDate(date: Date): string | null {
  // Serials are floats: round off the stray milliseconds they land on.
  const ms = Math.round(date.getTime() / 1000) * 1000;
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  return ms % DAY_MS === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** Same rule exceljs applies to plain cells, which it does not apply to formula results. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));
}

const XML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * OOXML writes a character XML cannot carry (a control character, a lone CR) as `_xHHHH_`, and a
 * literal `_x` as `_x005F_x`. The streaming reader leaves them as written; this decodes them, so
 * `_x000D_` is a line break again and a NUL reaches the control-character check as a NUL.
 */
function unescapeXml(text: string): string {
  return text.includes('_x') ? text.replace(XML_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

function plainValue(value: CellValue, numFmt: string | undefined, date1904: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'string') return unescapeXml(value);
  if (typeof value !== 'object') return value;
  // The reader leaves `text` null on an empty run, whatever the typings say.
  if ('richText' in value) return unescapeXml(value.richText.map((run) => run.text ?? '').join(''));
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return plainValue(value.text, undefined, date1904);
  const { result } = value;
  if (typeof result === 'number' && isDateFormat(numFmt)) return isoDate(serialToDate(result, date1904));
  return plainValue(result, undefined, date1904);
}

function isBlank(value: unknown): boolean {
  return value === null || value === '';
}

/**
 * The rows of the chosen worksheet as plain values (index 0 = column A). Other worksheets are
 * read through without keeping anything: the reader parks sheets it meets before the shared
 * strings in temporary files, and only reading them releases those.
 */
async function* sheetRows(file: string, config: XlsxConfig): AsyncGenerator<SheetRow> {
  const wanted = config.sheet ?? 1;
  const input = createReadStream(file);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const state = workbook as unknown as WorkbookReaderState;
  let found = false;
  try {
    for await (const worksheet of workbook) {
      const name = (worksheet as unknown as WorksheetReaderState).name;
      const position = (state.model?.sheets ?? []).findIndex((s) => s.name === name) + 1;
      const chosen = !found && (typeof wanted === 'number' ? position === wanted : name === wanted);
      if (!chosen) {
        for await (const row of worksheet) void row;
        continue;
      }
      found = true;
      const date1904 = state.properties?.model?.date1904 === true;
      for await (const row of worksheet) {
        const values: unknown[] = [];
        row.eachCell((cell, col) => {
          values[col - 1] = plainValue(cell.value, cell.numFmt, date1904);
        });
        yield { number: row.number, values: Array.from(values, (v) => v ?? null) };
      }
    }
  } catch (err) {
    if (err instanceof HubError) throw err;
    throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `${config.path}: cannot read as an xlsx workbook: ${err instanceof Error ? err.message : String(err)}`, undefined, {
      cause: err,
    });
  } finally {
    input.destroy();
  }
  if (!found) {
    const names = (state.model?.sheets ?? []).map((s) => s.name);
    throw new HubError('HUB_ERR_CONFIG_INVALID', `${config.path}: no sheet ${JSON.stringify(wanted)}; the workbook has ${names.join(', ') || 'no sheets'}`, {
      sheet: wanted,
      sheets: names,
    });
  }
}

/** The header names and the non-blank rows after them; rows above `header_row` are skipped. */
async function* sheetTable(file: string, config: XlsxConfig): AsyncGenerator<{ header: string[] } | SheetRow> {
  const headerRow = config.header_row ?? 1;
  let header = false;
  for await (const row of sheetRows(file, config)) {
    if (header) {
      if (!row.values.every(isBlank)) yield row;
    } else if (row.number >= headerRow) {
      // Blank rows are mostly absent from the file, so a row past header_row means it was blank.
      if (row.number > headerRow || row.values.every(isBlank)) {
        throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `${config.path}: header row ${headerRow} is empty; check header_row`, { header_row: headerRow });
      }
      header = true;
      yield { header: headerNames(row.values.map((v) => (v === null ? '' : String(v)))) };
    }
  }
}

async function* xlsxRecords(file: string, config: XlsxConfig): AsyncGenerator<SourceRecord> {
  let header: string[] = [];
  for await (const item of sheetTable(file, config)) {
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
    return readFileBatches('xlsx', 'row', config, state, ctx, (file) => xlsxRecords(file, config));
  },

  async check(config, ctx): Promise<CheckResult> {
    try {
      const file = await resolveSourceFile(config.path, ctx.workspace);
      for await (const item of sheetTable(file, config)) {
        if ('header' in item) {
          return { ok: true, message: `${config.path}: ${item.header.length} columns`, columns: item.header };
        }
      }
      return { ok: false, message: `${config.path}: no header found at or below row ${config.header_row ?? 1}` };
    } catch (err) {
      if (err instanceof HubError) return { ok: false, message: err.message };
      throw err;
    }
  },
});
