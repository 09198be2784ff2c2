import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { listQuarantine } from '../catalog/quarantine-repository.ts';
import type { Database } from '../catalog/database.ts';
import type { QuarantineRow } from '../catalog/tables/quarantine.ts';
import { HubError } from '../core/errors.ts';
import { maskId, maskIdentityNumbers } from '../core/log.ts';
import { neutraliseFormula, safeCsvStringifier } from '../core/safe-csv-stringifier.ts';
import type { QuarantineReason } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { quarantineMessageZh, REASON_ZH } from './quarantine-message-zh.ts';

export type QuarantineExportFormat = 'csv' | 'jsonl' | 'xlsx';

export interface QuarantineExportOptions {
  format: QuarantineExportFormat;
  /**
   * A folder: one file per pipeline, `<out>/<pipeline>.<format>`. A path ending in `.<format>`
   * names the file itself, which only one pipeline's records may go to.
   */
  out: string;
  pipeline?: string;
  reason?: QuarantineReason;
  /** The workspace's pipelines: their mapping names the department's column for each field. */
  definitions?: PipelineDefinition[];
  /** Identity numbers as the department sent them. Off by default: they are masked. */
  unmasked?: boolean;
}

export interface QuarantineExportFile {
  pipeline: string;
  file: string;
  records: number;
}

/** The columns the export adds around the department's own. */
const LINE = '行号';
const TAIL = ['问题类别', '问题字段', '问题说明', '隔离编号'] as const;

function rawOf(row: QuarantineRow): Record<string, unknown> {
  return row.raw !== null && typeof row.raw === 'object' && !Array.isArray(row.raw) ? (row.raw as Record<string, unknown>) : {};
}

/** The department's columns in its header order; rows stored before the order was kept add theirs after. */
function sourceColumns(rows: QuarantineRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const c of r.source_columns ?? []) seen.add(c);
  for (const r of rows) for (const c of Object.keys(rawOf(r))) seen.add(c);
  return [...seen];
}

/** field → the department's column, from the pipeline's mapping (canonical names when it has none). */
function columnOfField(definition: PipelineDefinition | undefined): (field: string) => string | undefined {
  const mapping = definition?.mapping;
  return (field) => (mapping ? mapping[field] : field);
}

interface Layout {
  entity: 'certificate' | 'matter';
  columns: string[];
  /** The columns holding the holder's identity number: masked whole, whatever their form. */
  idColumns: Set<string>;
  columnOf: (field: string) => string | undefined;
}

function layoutOf(rows: QuarantineRow[], definition: PipelineDefinition | undefined): Layout {
  const columnOf = columnOfField(definition);
  const holder = columnOf('holder_id');
  return {
    entity: definition?.entity ?? 'certificate',
    columns: sourceColumns(rows),
    idColumns: new Set(['holder_id', ...(holder ? [holder] : [])]),
    columnOf,
  };
}

/** A cell of the department's data as the export writes it: identity numbers masked unless asked. */
function cellValue(value: unknown, column: string, layout: Layout, unmasked: boolean): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (unmasked) return value;
  const text = String(value);
  if (layout.idColumns.has(column) && text.trim() !== '') return maskId(text.trim());
  return typeof value === 'string' ? maskIdentityNumbers(value) : /^\d{15,18}$/.test(text) ? maskId(text) : value;
}

interface ExportRow {
  line: number | string;
  cells: unknown[];
  problem: [string, string, string, number];
  row: QuarantineRow;
}

function exportRows(rows: QuarantineRow[], layout: Layout, unmasked: boolean): ExportRow[] {
  return rows.map((r) => {
    const raw = rawOf(r);
    const field = (r.path ?? '').split('/')[1] ?? '';
    const column = field === '' ? undefined : layout.columnOf(field);
    return {
      line: r.line ?? '',
      cells: layout.columns.map((c) => cellValue(raw[c], c, layout, unmasked)),
      problem: [REASON_ZH[r.reason], column ?? field, quarantineMessageZh(layout.entity, r, column), Number(r.id)],
      row: r,
    };
  });
}

async function writeCsv(file: string, layout: Layout, rows: ExportRow[]): Promise<void> {
  const records = function* (): Generator<unknown[]> {
    yield [LINE, ...layout.columns, ...TAIL];
    for (const r of rows) yield [r.line, ...r.cells, ...r.problem];
  };
  await streamPipeline(Readable.from(records()), safeCsvStringifier(), createWriteStream(file));
}

async function writeJsonl(file: string, layout: Layout, rows: ExportRow[]): Promise<void> {
  const lines = function* (): Generator<string> {
    for (const r of rows) {
      const record = Object.fromEntries(layout.columns.map((c, i) => [c, r.cells[i]]));
      const [category, field, message, id] = r.problem;
      yield `${JSON.stringify({ id, pipeline: r.row.pipeline, line: r.row.line, reason: r.row.reason, reason_zh: category, field, message_zh: message, path: r.row.path, record })}\n`;
    }
  };
  await streamPipeline(Readable.from(lines()), createWriteStream(file));
}

async function writeXlsx(file: string, layout: Layout, rows: ExportRow[]): Promise<void> {
  const { default: ExcelJS } = await import('../core/exceljs.ts');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('待修正记录', { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text format on every cell: a value typed over in Excel stays text, never a formula.
  const asText = (v: unknown) => (typeof v === 'string' ? neutraliseFormula(v) : v);
  const add = (values: unknown[]) => {
    const row = sheet.addRow(values.map(asText));
    row.eachCell((cell) => {
      cell.numFmt = '@';
    });
    row.commit();
  };
  add([LINE, ...layout.columns, ...TAIL]);
  for (const r of rows) add([r.line, ...r.cells, ...r.problem]);
  sheet.commit();
  await workbook.commit();
}

const WRITERS: Record<QuarantineExportFormat, (file: string, layout: Layout, rows: ExportRow[]) => Promise<void>> = {
  csv: writeCsv,
  jsonl: writeJsonl,
  xlsx: writeXlsx,
};

/**
 * Writes the open quarantine back for the departments, one file per pipeline: the department's
 * own columns in its own header order, each row with its source line and what is wrong in Chinese.
 * Identity numbers are masked (first 6 and last 4 characters) unless `unmasked`; the line number,
 * certificate number and masked id are enough to find the record in the department's system. No
 * cell of a CSV or XLSX file can run as a formula. Returns the files written.
 */
export async function exportQuarantine(db: Kysely<Database>, opts: QuarantineExportOptions): Promise<QuarantineExportFile[]> {
  const rows = await listQuarantine(db, { pipeline: opts.pipeline, reason: opts.reason, unresolvedOnly: true, limit: Number.MAX_SAFE_INTEGER });
  const byPipeline = new Map<string, QuarantineRow[]>();
  for (const r of rows) byPipeline.set(r.pipeline, [...(byPipeline.get(r.pipeline) ?? []), r]);
  const single = opts.out.toLowerCase().endsWith(`.${opts.format}`);
  if (single && byPipeline.size > 1) {
    throw new HubError(
      'HUB_ERR_USAGE',
      `--out ${opts.out} names one file, but ${byPipeline.size} pipelines have open records (${[...byPipeline.keys()].join(', ')}); give a folder, or --pipeline`,
    );
  }
  if (single) mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  else mkdirSync(opts.out, { recursive: true });
  // A named file is always written, so an empty quarantine never leaves an older export looking current.
  if (byPipeline.size === 0 && single) byPipeline.set(opts.pipeline ?? '', []);
  const written: QuarantineExportFile[] = [];
  for (const [name, list] of byPipeline) {
    const layout = layoutOf(list, opts.definitions?.find((d) => d.name === name));
    const file = single ? opts.out : path.join(opts.out, `${name}.${opts.format}`);
    await WRITERS[opts.format](file, layout, exportRows(list, layout, opts.unmasked === true));
    written.push({ pipeline: name, file, records: list.length });
  }
  return written;
}
