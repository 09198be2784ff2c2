import { closeInterruptedRuns } from '../catalog/interrupted-runs.ts';
import type { PipelineLocks } from '../catalog/pipeline-lock.ts';
import { scheduledRunSince } from '../catalog/run-repository.ts';
import { log } from '../core/log.ts';
import type { PipelineDefinition } from './definition.ts';
import { type RunOptions, type RunResult, runPipeline } from './run-pipeline.ts';

type ExclusiveOptions = RunOptions & { locks: PipelineLocks };

/** The part of a run done holding the pipeline's lock. */
async function closeInterruptedAndRun(pipeline: PipelineDefinition, opts: ExclusiveOptions): Promise<RunResult> {
  const closed = await closeInterruptedRuns(opts.db, opts.locks, pipeline.name);
  if (closed.length > 0) {
    (opts.logger ?? log()).info({ event: 'run_finished', status: 'interrupted', run_ids: closed }, 'runs left running by a stopped process closed as interrupted');
  }
  return runPipeline(pipeline, opts);
}

/**
 * One run of a pipeline as the only one: takes the pipeline's lock (HUB_ERR_PIPELINE_BUSY,
 * naming the holder, when another run has it), closes as `interrupted` the runs that
 * stopped processes left `running`, then runs the pipeline and lets the lock go.
 */
export async function runExclusively(pipeline: PipelineDefinition, opts: ExclusiveOptions): Promise<RunResult> {
  return opts.locks.exclusive(pipeline.name, () => closeInterruptedAndRun(pipeline, opts));
}

/**
 * A scheduled run, as the only run of the pipeline, unless a scheduled run has started since
 * `since` (then undefined): several schedulers on one catalogue all fire at a tick, and the
 * first to take the lock runs it for all, even when the others come after it has finished.
 */
export async function runScheduled(pipeline: PipelineDefinition, opts: ExclusiveOptions & { since: Date }): Promise<RunResult | undefined> {
  return opts.locks.exclusive(pipeline.name, async () =>
    (await scheduledRunSince(opts.db, pipeline.name, opts.since)) ? undefined : closeInterruptedAndRun(pipeline, { ...opts, trigger: 'schedule' }),
  );
}
