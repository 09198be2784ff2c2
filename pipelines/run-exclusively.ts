import { closeInterruptedRuns } from '../catalog/interrupted-runs.ts';
import type { PipelineLocks } from '../catalog/pipeline-lock.ts';
import { log } from '../core/log.ts';
import type { PipelineDefinition } from './definition.ts';
import { type RunOptions, type RunResult, runPipeline } from './run-pipeline.ts';

/**
 * One run of a pipeline as the only one: takes the pipeline's lock (HUB_ERR_PIPELINE_BUSY,
 * naming the holder, when another run has it), closes as `interrupted` the runs that
 * stopped processes left `running`, then runs the pipeline and lets the lock go.
 */
export async function runExclusively(pipeline: PipelineDefinition, opts: RunOptions & { locks: PipelineLocks }): Promise<RunResult> {
  return opts.locks.exclusive(pipeline.name, async () => {
    const closed = await closeInterruptedRuns(opts.db, opts.locks, pipeline.name);
    if (closed.length > 0) {
      (opts.logger ?? log()).info({ event: 'run_finished', status: 'interrupted', run_ids: closed }, 'runs left running by a stopped process closed as interrupted');
    }
    return runPipeline(pipeline, opts);
  });
}
