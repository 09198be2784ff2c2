import type { Kysely } from 'kysely';
import { quarantineReasonCounts } from '../catalog/quarantine-summary.ts';
import type { Database } from '../catalog/tables.ts';
import type { PipelineDefinition } from './definition.ts';
import { type RunOptions, type RunResult, runPipeline } from './run-pipeline.ts';

export interface SyncReport extends RunResult {
  quarantine_reasons: Record<string, number>;
}

/** Runs pipelines one after another; a failed run does not stop the rest. */
export async function syncPipelines(
  db: Kysely<Database>,
  pipelines: PipelineDefinition[],
  opts: Omit<RunOptions, 'db'>,
): Promise<SyncReport[]> {
  const out: SyncReport[] = [];
  for (const p of pipelines) {
    const result = await runPipeline(p, { ...opts, db });
    const reasons = opts.dryRun ? {} : await quarantineReasonCounts(db, result.run_id);
    out.push({ ...result, quarantine_reasons: reasons });
  }
  return out;
}
