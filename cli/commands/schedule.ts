import { pipelineLocks } from '../../catalog/pipeline-lock.ts';
import { HubError, isHubError } from '../../core/errors.ts';
import { createLogger } from '../../core/log.ts';
import { type NextRun, nextRuns, schedulePipelines } from '../../pipelines/schedule-pipelines.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { stopOnSignals } from '../stop-on-signals.ts';
import { withCatalog } from '../with-catalog.ts';
import { runnablePipelines } from '../workspace-pipelines.ts';

export interface ScheduleOptions {
  workspace: string;
  list?: boolean;
  json?: boolean;
}

function printNextRuns(runs: NextRun[], json: boolean): void {
  if (json) {
    printJson(runs);
    return;
  }
  printLine(formatTable(['pipeline', 'schedule', 'time zone', 'next run'], runs.map((r) => [r.pipeline, r.schedule, r.timezone, r.next?.toISOString() ?? 'never'])));
}

/**
 * The scheduler, in the foreground until SIGINT/SIGTERM (then it lets the runs under way stop
 * after their current batch and exits 130/143); `--list` prints the next run times instead.
 */
export async function schedule(opts: ScheduleOptions): Promise<NextRun[]> {
  const { pipelines, skipped } = runnablePipelines(opts.workspace);
  const unscheduled = pipelines.filter((p) => p.schedule === undefined).map((p) => p.name);
  const runs = nextRuns(pipelines);
  if (opts.list) {
    if (pipelines.length === 0 && skipped.length === 0 && !opts.json) return runs;
    printNextRuns(runs, opts.json === true);
    return runs;
  }
  if (runs.length === 0) throw new ExitError(EXIT_USAGE, 'no pipeline of the workspace has a schedule: add `schedule: "*/30 * * * *"` to a pipeline file');
  const logger = createLogger({ level: process.env.ECERT_LOG_LEVEL ?? 'info' });
  if (unscheduled.length > 0) logger.info({ event: 'schedule_run', status: 'ignored', pipelines: unscheduled }, `pipelines without a schedule are not run: ${unscheduled.join(', ')}`);
  if (skipped.length > 0) logger.warn({ event: 'schedule_run', status: 'ignored', files: skipped }, 'pipeline files with problems are not run');
  const stop = stopOnSignals((text) => process.stderr.write(`${text}\n`));
  try {
    await withCatalog(opts.workspace, async (catalog, config) => {
      logger.info({ event: 'schedule_run', status: 'started', pid: process.pid, next: nextRuns(pipelines) }, `scheduling ${runs.length} pipelines`);
      await schedulePipelines(catalog.db, pipelines, {
        locks: pipelineLocks(catalog),
        signal: stop.signal,
        logger,
        workspace: config.workspace,
        batchSize: config.batchSize,
        certificateTypes: config.settings.certificate_types,
      });
    });
  } catch (err) {
    if (isHubError(err) && err.code === 'HUB_ERR_STORE_BUSY') {
      throw new HubError(
        'HUB_ERR_STORE_BUSY',
        'another ecert process (a scheduler, a sync or the API server) holds the embedded store .ecert/: on the embedded store the scheduler must be the only process; stop the other one, or use Postgres (ECERT_DATABASE_URL) to run several schedulers',
        err.details,
      );
    }
    throw err;
  } finally {
    stop.dispose();
  }
  const stopped = stop.exitCode();
  if (stopped !== undefined) throw new ExitError(stopped);
  return runs;
}
