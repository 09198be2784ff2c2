import { HubError, isHubError } from '../core/errors.ts';

export type Stage = 'extract' | 'map' | 'normalise' | 'validate' | 'dedupe' | 'load';

/**
 * Any failure inside a run, rethrown with where it happened. `committed` says whether data
 * committed by earlier batches is affected (it never is: a batch commits whole or not at all).
 */
export class PipelineStepError extends HubError {
  readonly stage: Stage;
  readonly runId: string;
  readonly batch: number;
  readonly committed: boolean;

  constructor(args: { stage: Stage; runId: string; batch: number; cause: unknown }) {
    const cause = args.cause;
    const message = `${args.stage} failed in batch ${args.batch}: ${cause instanceof Error ? cause.message : String(cause)}`;
    super('HUB_ERR_PIPELINE_STEP', message, { stage: args.stage, run_id: args.runId, batch: args.batch }, { cause });
    this.name = 'PipelineStepError';
    this.stage = args.stage;
    this.runId = args.runId;
    this.batch = args.batch;
    this.committed = false;
  }
}

/** Why a run stopped: a hub error as it is, anything else as a failure of the stage at work. */
export function stepFailure(err: unknown, at: { stage: Stage; runId: string; batch: number }): HubError {
  return isHubError(err) ? err : new PipelineStepError({ ...at, cause: err });
}
