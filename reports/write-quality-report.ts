import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderHtml } from './render-html.ts';
import { reportTables } from './report-tables.ts';
import type { QualityReport } from './report-types.ts';
import { writeCsvTables } from './write-csv-tables.ts';

export const REPORT_FORMATS = ['html', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Where a report goes by default: a file for html and json, a folder of CSV files for csv. */
export function defaultReportPath(format: ReportFormat, day: string): string {
  return format === 'csv' ? `quality-report-${day}` : `quality-report-${day}.${format}`;
}

/** Writes the report in one format; returns the files written. */
export async function writeQualityReport(report: QualityReport, format: ReportFormat, out: string): Promise<string[]> {
  if (format === 'csv') return writeCsvTables(reportTables(report), out);
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await writeFile(out, format === 'html' ? renderHtml(report) : `${JSON.stringify(report, null, 2)}\n`);
  return [out];
}
