import { EXPORT_TABLE_NAMES, type ExportTableName } from '../../reports/export-columns.ts';
import { EXPORT_FORMATS, exportTable, type ExportFormat, type ExportResult } from '../../reports/export-table.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

export interface ExportCommandOptions {
  workspace: string;
  format: string;
  table: string;
  out: string;
  includeIdentities?: boolean;
  json?: boolean;
}

const isFormat = (v: string): v is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(v);
const isTable = (v: string): v is ExportTableName => (EXPORT_TABLE_NAMES as readonly string[]).includes(v);

/** `ecert export`: one catalogue table to Parquet, Arrow IPC or CSV. */
export async function exportTableCommand(opts: ExportCommandOptions): Promise<ExportResult> {
  const { format, table } = opts;
  if (!isFormat(format)) throw new ExitError(EXIT_USAGE, `--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
  if (!isTable(table)) throw new ExitError(EXIT_USAGE, `--table must be one of ${EXPORT_TABLE_NAMES.join(', ')}, got "${table}"`);
  const result = await withCatalog(opts.workspace, (c) => exportTable(c.db, { table, format, out: opts.out, includeIdentities: opts.includeIdentities === true }));
  if (opts.json) {
    printJson(result);
    return result;
  }
  printLine(`wrote ${result.rows} rows of ${table} to ${result.file}`);
  printLine(
    result.identities === 'included'
      ? '  identity numbers are included as stored: handle the file as personal data'
      : '  identity numbers are masked; pass --include-identities to write them as stored',
  );
  return result;
}
