import { HubError, isHubError } from '../core/errors.ts';

/** The stages of a run: only extract (connector) and load / finalise (catalogue) do I/O. */
export type Stage = 'extract' | 'transform' | 'load' | 'finalise';

export interface StepFailure {
  stage: Stage;
  runId: string;
  /** 1-based batch the failure belongs to; null for the end of the run. */
  batch: number | null;
  /** Whether that batch's transaction had committed: its data stays in the catalogue. */
  committed: boolean;
  cause: unknown;
}

function plainDetails(details: unknown): Record<string, unknown> {
  return details !== null && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : {};
}

/**
 * Any failure inside a run, wrapped once with where it happened. A coded cause keeps its code and
 * message (HUB_ERR_ERROR_BUDGET stays itself); anything else becomes HUB_ERR_PIPELINE_STEP.
 */
export class PipelineStepError extends HubError {
  readonly stage: Stage;
  readonly runId: string;
  readonly batch: number | null;
  readonly committed: boolean;

  private constructor(f: StepFailure) {
    const cause = f.cause;
    const where = f.batch === null ? f.stage : `${f.stage} of batch ${f.batch}`;
    const message = isHubError(cause) ? cause.message : `${where} failed: ${cause instanceof Error ? cause.message : String(cause)}`;
    const details = { ...plainDetails(isHubError(cause) ? cause.details : undefined), stage: f.stage, run_id: f.runId, batch: f.batch, committed: f.committed };
    super(isHubError(cause) ? cause.code : 'HUB_ERR_PIPELINE_STEP', message, details, { cause });
    this.name = 'PipelineStepError';
    this.stage = f.stage;
    this.runId = f.runId;
    this.batch = f.batch;
    this.committed = f.committed;
  }

  /** Wraps `f.cause`, unless it already is a step error: a failure is wrapped once, where it happened. */
  static of(f: StepFailure): PipelineStepError {
    return f.cause instanceof PipelineStepError ? f.cause : new PipelineStepError(f);
  }
}
