import { pipelineLocks } from '../../catalog/pipeline-lock.ts';
import { type SyncReport, syncPipelines } from '../../pipelines/sync-pipelines.ts';
import { EXIT_FAILED, EXIT_USAGE, ExitError } from '../exit-error.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { syncProgress } from '../progress.ts';
import { stopOnSignals } from '../stop-on-signals.ts';
import { withCatalog } from '../with-catalog.ts';
import { runnablePipelines, workspacePipelines } from '../workspace-pipelines.ts';

export interface SyncOptions {
  workspace: string;
  all?: boolean;
  dryRun?: boolean;
  fullRefresh?: boolean;
  /** A replace snapshot may cancel more than max_cancel, or everything when it is empty. */
  allowMassCancel?: boolean;
  json?: boolean;
  /** Progress on a terminal; off for `--json` and in tests. */
  progress?: boolean;
  /** The day records are judged against; today unless a test fixes it. */
  today?: Date;
}

/**
 * Runs the named pipelines (or all of them) one after another, each as its only run; a failed
 * run does not stop the rest, nor does a pipeline file of `--all` that has problems (skipped,
 * exit 1). SIGINT/SIGTERM stop after the current batch: exit 130/143.
 */
export async function sync(names: string[], opts: SyncOptions): Promise<SyncReport[]> {
  if (names.length === 0 && !opts.all) throw new ExitError(EXIT_USAGE, 'name one or more pipelines, or pass --all');
  const { pipelines, skipped } = opts.all && names.length === 0 ? runnablePipelines(opts.workspace) : { pipelines: workspacePipelines(opts.workspace, names, false), skipped: [] };
  if (pipelines.length === 0 && skipped.length === 0) {
    if (opts.json) printJson([]);
    return [];
  }
  const stop = stopOnSignals((text) => process.stderr.write(`${text}\n`));
  const reports = await withCatalog(opts.workspace, async (catalog, config) => {
    const progress = syncProgress(opts.progress !== false && !opts.json);
    try {
      return await syncPipelines(catalog.db, pipelines, {
        locks: pipelineLocks(catalog),
        signal: stop.signal,
        workspace: config.workspace,
        batchSize: config.batchSize,
        certificateTypes: config.settings.certificate_types,
        fullRefresh: opts.fullRefresh,
        allowMassCancel: opts.allowMassCancel,
        dryRun: opts.dryRun,
        today: opts.today,
        onProgress: (e) => progress.update(e),
      });
    } finally {
      progress.stop();
    }
  }).finally(() => stop.dispose());
  if (opts.json) printJson(reports);
  else printSyncSummary(reports, opts.dryRun === true);
  const stopped = stop.exitCode();
  if (stopped !== undefined) throw new ExitError(stopped);
  if (skipped.length > 0 || reports.some((r) => r.status === 'failed')) throw new ExitError(EXIT_FAILED);
  return reports;
}

export function printSyncSummary(reports: SyncReport[], dryRun: boolean): void {
  if (dryRun) printLine('dry run: nothing was written; inserted / updated / unchanged are what a sync would do now');
  printLine(
    formatTable(
      ['pipeline', 'status', 'read', 'inserted', 'updated', 'unchanged', 'duplicates', 'quarantined', 'seconds'],
      reports.map((r) => [r.pipeline, r.status, r.read, r.inserted, r.updated, r.unchanged, r.duplicates, r.quarantined, Number((r.duration_ms / 1000).toFixed(1))]),
    ),
  );
  for (const r of reports) {
    const reasons = Object.entries(r.quarantine_reasons);
    if (reasons.length > 0) printLine(`  ${r.pipeline} quarantined: ${reasons.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (r.skipped > 0) printLine(`  ${r.pipeline}: ${r.skipped} records behind the incremental cursor were skipped`);
    if (r.cancelled > 0) printLine(`  ${r.pipeline}: ${r.cancelled} certificates no longer in the snapshot were marked cancelled`);
    if (r.error) printLine(`  ${r.pipeline} ${r.status}: ${r.error.code}: ${r.error.message}`);
  }
}
