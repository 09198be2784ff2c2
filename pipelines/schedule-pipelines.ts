import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { PipelineLocks } from '../catalog/pipeline-lock.ts';
import type { Database } from '../catalog/database.ts';
import { isHubError } from '../core/errors.ts';
import { type Logger, log } from '../core/log.ts';
import type { PipelineDefinition } from './definition.ts';
import { runScheduled } from './run-exclusively.ts';
import type { RunOptions, RunResult } from './run-pipeline.ts';
import { scheduleCron } from './schedule-cron.ts';

export interface ScheduleOptions extends Omit<RunOptions, 'db' | 'trigger' | 'signal' | 'logger' | 'onProgress'> {
  locks: PipelineLocks;
  /** Aborted → no further run starts, a running one stops after its current batch (`interrupted`), and the scheduler returns. */
  signal: AbortSignal;
  /** Where the one `schedule_run` line per run goes. */
  logger?: Logger;
  /** The wait before the first retry of a failed run; it doubles with each retry. */
  retryDelayMs?: number;
}

export interface NextRun {
  pipeline: string;
  schedule: string;
  timezone: string;
  next: Date | null;
}

const MAX_RETRY_DELAY_MS = 5 * 60_000;

function scheduled(pipelines: PipelineDefinition[]): (PipelineDefinition & { schedule: string })[] {
  return pipelines.filter((p): p is PipelineDefinition & { schedule: string } => p.schedule !== undefined);
}

/** When each scheduled pipeline runs next, soonest first. */
export function nextRuns(pipelines: PipelineDefinition[], from = new Date()): NextRun[] {
  return scheduled(pipelines)
    .map((p) => ({ pipeline: p.name, schedule: p.schedule, timezone: p.timezone, next: scheduleCron(p.schedule, p.timezone).nextRun(from) }))
    .sort((a, b) => (a.next?.getTime() ?? Infinity) - (b.next?.getTime() ?? Infinity));
}

function counts(r: RunResult): Record<string, unknown> {
  const { pipeline: _pipeline, error, ...rest } = r;
  return error ? { ...rest, error_code: error.code, error_message: error.message } : rest;
}

/**
 * Runs every pipeline that has a `schedule` on it, side by side, until `signal` is aborted;
 * returns once the runs under way have stopped. Each tick is one scheduled run taken under the
 * pipeline's lock: a pipeline busy elsewhere (a manual sync, another scheduler) is skipped, not
 * queued, and a tick another scheduler already ran is not run again. A failed run is retried
 * `retries` times with exponential backoff. One `schedule_run` line per run or skip.
 */
export async function schedulePipelines(db: Kysely<Database>, pipelines: PipelineDefinition[], opts: ScheduleOptions): Promise<void> {
  const { locks, signal, logger: given, retryDelayMs = 1000, ...runOpts } = opts;
  const logger = given ?? log();
  const underway = new Set<Promise<void>>();

  async function runTick(p: PipelineDefinition, tick: Date): Promise<void> {
    let since = tick;
    for (let attempt = 1; !signal.aborted; attempt++) {
      let result: RunResult | undefined;
      try {
        result = await runScheduled(p, { ...runOpts, db, locks, signal, since });
      } catch (err) {
        if (isHubError(err) && err.code === 'HUB_ERR_PIPELINE_BUSY') {
          logger.info({ event: 'schedule_run', pipeline: p.name, tick, status: 'skipped', reason: 'busy', holder: err.details }, `${p.name}: skipped, ${err.message}`);
        } else {
          logger.error({ event: 'error', stage: 'schedule', pipeline: p.name, tick, err }, `${p.name}: the scheduled run could not start`);
        }
        return;
      }
      if (result === undefined) {
        logger.info({ event: 'schedule_run', pipeline: p.name, tick, status: 'skipped', reason: 'already_run' }, `${p.name}: skipped, another scheduler ran this tick`);
        return;
      }
      const retrying = result.status === 'failed' && attempt <= p.retries && !signal.aborted;
      const line = { event: 'schedule_run' as const, pipeline: p.name, tick, attempt, ...counts(result) };
      if (result.status === 'failed') logger.warn({ ...line, retrying }, `${p.name}: scheduled run failed`);
      else logger.info(line, `${p.name}: scheduled run ${result.status}`);
      if (!retrying) return;
      await sleep(Math.min(retryDelayMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS), undefined, { signal }).catch(() => undefined);
      // A scheduled run that another scheduler starts from now on stands for the retry.
      since = new Date();
    }
  }

  const jobs = scheduled(pipelines).map((p) =>
    scheduleCron(
      p.schedule,
      p.timezone,
      async (job) => {
        if (signal.aborted) return;
        // croner hands over the time it fired; the tick is the scheduled time at or before it.
        const fired = job.currentRun() ?? new Date();
        const tick = job.previousRuns(1, new Date(fired.getTime() + 1))[0] ?? fired;
        const work = runTick(p, tick);
        underway.add(work);
        try {
          await work;
        } finally {
          underway.delete(work);
        }
      },
      () => {
        if (!signal.aborted) logger.info({ event: 'schedule_run', pipeline: p.name, status: 'skipped', reason: 'still_running' }, `${p.name}: skipped, its previous run is still going`);
      },
    ),
  );
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  for (const job of jobs) job.stop();
  await Promise.all(underway);
}
