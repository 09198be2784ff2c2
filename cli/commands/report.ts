import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { buildQualityReport } from '../../reports/quality-report.ts';
import type { QualityReport } from '../../reports/report-types.ts';
import { defaultReportPath, REPORT_FORMATS, type ReportFormat, writeQualityReport } from '../../reports/write-quality-report.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { parseSince } from '../parse-since.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

export interface ReportQualityOptions {
  workspace: string;
  format?: string;
  out?: string;
  since?: string;
  pipeline?: string;
  /** 'YYYY-MM-DD' to judge expiry against instead of today. */
  today?: string;
  json?: boolean;
  /** Print nothing (the demo prints its own summary). */
  quiet?: boolean;
}

export interface ReportQualityResult {
  report: QualityReport;
  files: string[];
}

function isFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function printScores(report: QualityReport): void {
  printLine(formatTable(['dimension', 'score', 'verdict'], report.scores.map((s) => [s.dimension, s.score ?? '–', s.verdict])));
  printLine(`  thresholds from ecert.yaml: warn below ${report.thresholds.warn_below}, fail below ${report.thresholds.fail_below}`);
  printLine(`  免证: the catalogue can waive ${report.coverage.waivable} of ${report.coverage.materials_total} materials across ${report.coverage.matters.length} matters`);
}

/** `ecert report quality`: the quality report of the workspace's catalogue as HTML, JSON or CSV. */
export async function reportQuality(opts: ReportQualityOptions): Promise<ReportQualityResult> {
  const format = opts.format ?? 'html';
  if (!isFormat(format)) throw new ExitError(EXIT_USAGE, `--format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new ExitError(EXIT_USAGE, `--today must be a date like 2026-11-23, got "${opts.today}"`);
  const since = opts.since === undefined ? undefined : parseSince(opts.since);
  const result = await withCatalog(opts.workspace, async (catalog, config) => {
    const schedules = existsSync(config.pipelinesDir) ? Object.fromEntries(loadDefinitions(config.pipelinesDir).pipelines.map((p) => [p.name, p.schedule])) : {};
    const report = await buildQualityReport(catalog.db, {
      thresholds: config.settings.quality,
      databaseUrl: config.databaseUrl,
      pipeline: opts.pipeline,
      since,
      schedules,
      ...(opts.today ? { today: opts.today } : {}),
    });
    const out = opts.out ?? path.join(config.workspace, defaultReportPath(format, report.as_of));
    return { report, files: await writeQualityReport(report, format, out) };
  });
  if (opts.quiet) return result;
  if (opts.json) {
    printJson({ files: result.files, scores: result.report.scores });
    return result;
  }
  printScores(result.report);
  printLine(`  report written to ${result.files.length === 1 ? result.files[0] : `${path.dirname(result.files[0] ?? '.')} (${result.files.length} CSV files)`}`);
  return result;
}
