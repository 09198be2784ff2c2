import type { Kysely } from 'kysely';
import type { PipelineLocks } from '../catalog/pipeline-lock.ts';
import { quarantineReasonCounts } from '../catalog/quarantine-summary.ts';
import type { Database } from '../catalog/database.ts';
import { isHubError } from '../core/errors.ts';
import type { PipelineDefinition } from './definition.ts';
import { type DryRunResult, type QuarantineEntry, dryRunPipeline } from './dry-run-pipeline.ts';
import { runExclusively } from './run-exclusively.ts';
import { type RunOptions, type RunResult, runPipeline } from './run-pipeline.ts';

export interface SyncReport extends RunResult {
  quarantine_reasons: Record<string, number>;
  /** Dry runs only: the records a sync would load, and each record it would quarantine. */
  valid?: number;
  quarantine?: QuarantineEntry[];
}

interface SyncOptions extends Omit<RunOptions, 'db'> {
  /** Read, check and count without writing anything. */
  dryRun?: boolean;
  /** One run per pipeline (`ecert sync`, the scheduler); without it runs are not guarded. */
  locks?: PipelineLocks;
}

function reasonCounts(entries: QuarantineEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of entries) out[q.reason] = (out[q.reason] ?? 0) + 1;
  return out;
}

/** A dry run in the shape of a run's report: what it would insert, update or find unchanged; nothing cancelled. */
function dryRunReport(r: DryRunResult): SyncReport {
  const { valid, quarantine, warnings: _warnings, ...counts } = r;
  return { ...counts, run_id: 'dry-run', cancelled: 0, unchanged_skipped: 0, quarantine_reasons: reasonCounts(quarantine), valid, quarantine };
}

/** The report of a pipeline that did not run (no run row, so no run id) because another process was running it. */
function busyReport(pipeline: string, error: RunResult['error']): SyncReport {
  const zero = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, quarantined: 0, skipped: 0, cancelled: 0, unchanged_skipped: 0 };
  return { pipeline, run_id: '', status: 'failed', ...zero, duration_ms: 0, error, quarantine_reasons: {} };
}

/**
 * Runs pipelines one after another; a failed run does not stop the rest, a busy pipeline is
 * reported as failed without a run, and an aborted `signal` stops before the next pipeline.
 */
export async function syncPipelines(db: Kysely<Database>, pipelines: PipelineDefinition[], opts: SyncOptions): Promise<SyncReport[]> {
  const out: SyncReport[] = [];
  for (const p of pipelines) {
    if (opts.signal?.aborted) break;
    if (opts.dryRun) {
      out.push(dryRunReport(await dryRunPipeline(p, { ...opts, db })));
      continue;
    }
    let result: RunResult;
    try {
      result = opts.locks ? await runExclusively(p, { ...opts, db, locks: opts.locks }) : await runPipeline(p, { ...opts, db });
    } catch (err) {
      if (!isHubError(err) || err.code !== 'HUB_ERR_PIPELINE_BUSY') throw err;
      out.push(busyReport(p.name, err.toJSON()));
      continue;
    }
    out.push({ ...result, quarantine_reasons: await quarantineReasonCounts(db, result.run_id) });
  }
  return out;
}
