import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from '../../core/exceljs.ts';
import type { CellValue } from 'exceljs';
import iconv from 'iconv-lite';
import { parse as parseYaml } from 'yaml';
import type { CertificateType } from '../../schemas/types.ts';

export interface PipelineFile {
  name: string;
  entity: 'certificate' | 'matter';
  source: { connector: 'csv' | 'xlsx' | 'jsonl'; path: string; encoding?: string; sheet?: string; header_row?: number };
  defaults?: Record<string, string>;
  mapping?: Record<string, string>;
  write_disposition: string;
  on_invalid: string;
  max_invalid?: string;
}

/** One source row as a connector reports it: its line (row) and either its fields or why it could not be read. */
export interface SourceRow {
  line: number;
  data?: Record<string, unknown>;
  error?: string;
}

export function readPipeline(workspace: string, name: string): PipelineFile {
  return parseYaml(readFileSync(path.join(workspace, 'pipelines', `${name}.yaml`), 'utf8')) as PipelineFile;
}

export function readCertificateTypes(workspace: string): CertificateType[] {
  return (parseYaml(readFileSync(path.join(workspace, 'ecert.yaml'), 'utf8')) as { certificate_types: CertificateType[] }).certificate_types;
}

function readCsv(file: string, encoding: string): SourceRow[] {
  const text = iconv.decode(readFileSync(file), encoding);
  // With `info: true` csv-parse returns { record, info } per row; its typings do not follow the option.
  const rows = parseCsv(text, { bom: true, info: true, relax_column_count: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const [head, ...body] = rows;
  if (!head) return [];
  return body.map(({ record, info }) => {
    if (record.length !== head.record.length) return { line: info.lines, error: `expected ${head.record.length} columns, got ${record.length}` };
    return { line: info.lines, data: Object.fromEntries(head.record.map((h, i) => [h, record[i]])) };
  });
}

function plain(value: CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}

async function readXlsx(file: string, sheet: string | undefined, headerRow: number): Promise<SourceRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const ws = sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheet);
  if (!ws) throw new Error(`${file}: no sheet ${sheet}`);
  const header: string[] = [];
  ws.getRow(headerRow).eachCell((cell, col) => {
    header[col - 1] = String(cell.value);
  });
  const out: SourceRow[] = [];
  ws.eachRow((row, number) => {
    if (number <= headerRow) return;
    const data: Record<string, unknown> = {};
    header.forEach((h, i) => {
      data[h] = plain(row.getCell(i + 1).value);
    });
    out.push({ line: number, data });
  });
  return out;
}

function readJsonl(file: string): SourceRow[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((text, i) => {
    try {
      return { line: i + 1, data: JSON.parse(text) as Record<string, unknown> };
    } catch (err) {
      return { line: i + 1, error: String(err) };
    }
  });
}

/** Reads a pipeline's source file the way its connector would, without the hub's connectors. */
export async function readSource(workspace: string, pipeline: PipelineFile): Promise<SourceRow[]> {
  const file = path.join(workspace, pipeline.source.path);
  switch (pipeline.source.connector) {
    case 'csv':
      return readCsv(file, pipeline.source.encoding ?? 'utf-8');
    case 'xlsx':
      return readXlsx(file, pipeline.source.sheet, pipeline.source.header_row ?? 1);
    case 'jsonl':
      return readJsonl(file);
  }
}
