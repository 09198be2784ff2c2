import path from 'node:path';
import type { Cell, DepartmentSpec, Row } from './department-spec.ts';
import { LineSink } from './line-sink.ts';
import { XlsxSink } from './xlsx-sink.ts';

/** How often a spreadsheet writer gives the zip writer a chance to catch up. */
const XLSX_RELIEF_ROWS = 500;

export interface RowWriter {
  write(row: Row, omitted: ReadonlySet<string>): void;
  /** A line written as is (JSONL only): how a truncated record gets into the file. */
  writeText(text: string): void;
  /** Awaited between rows when it returns a promise: backpressure. */
  pause(rowsWritten: number): Promise<void> | undefined;
  close(): Promise<void>;
}

function csvField(value: Cell): string {
  const text = value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(values: readonly Cell[]): string {
  return values.map(csvField).join(',');
}

/** One JSON object in header order; `omitted` keys are left out. */
export function jsonLine(header: readonly string[], row: Row, omitted: ReadonlySet<string>): string {
  const fields: string[] = [];
  for (const h of header) if (!omitted.has(h)) fields.push(`${JSON.stringify(h)}:${JSON.stringify(row.get(h) ?? null)}`);
  return `{${fields.join(',')}}`;
}

export function openRowWriter(spec: DepartmentSpec, workspace: string, options: { todayIso: string; stamp: Date }): RowWriter {
  const file = path.join(workspace, spec.file);
  const { header } = spec;
  if (spec.format === 'xlsx') {
    const title = spec.title?.(options.todayIso);
    const sink = new XlsxSink(file, { sheet: spec.sheet ?? 'Sheet1', header, stamp: options.stamp, ...(title === undefined ? {} : { title }) });
    return {
      write: (row) => sink.addRow(header.map((h) => row.get(h) ?? null)),
      writeText: () => {
        throw new Error('a spreadsheet has no text lines');
      },
      pause: (n) => (n % XLSX_RELIEF_ROWS === 0 ? sink.relieve() : undefined),
      close: () => sink.close(),
    };
  }
  // CSV exports from Windows systems end lines with CRLF; JSONL feeds with LF.
  const sink = new LineSink(file, { encoding: spec.encoding, bom: spec.bom, eol: spec.format === 'csv' ? '\r\n' : '\n' });
  if (spec.format === 'csv') sink.write(csvLine(header));
  return {
    write: (row, omitted) => sink.write(spec.format === 'csv' ? csvLine(header.map((h) => row.get(h) ?? null)) : jsonLine(header, row, omitted)),
    writeText: (text) => sink.write(text),
    pause: () => (sink.full ? sink.flush() : undefined),
    close: () => sink.close(),
  };
}
