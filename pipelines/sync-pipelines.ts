import type { Kysely } from 'kysely';
import { quarantineReasonCounts } from '../catalog/quarantine-summary.ts';
import type { Database } from '../catalog/tables.ts';
import type { PipelineDefinition } from './definition.ts';
import { type DryRunResult, type QuarantineEntry, dryRunPipeline } from './dry-run-pipeline.ts';
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
}

function reasonCounts(entries: QuarantineEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of entries) out[q.reason] = (out[q.reason] ?? 0) + 1;
  return out;
}

/** A dry run in the shape of a run's report: nothing inserted, updated or cancelled. */
function dryRunReport(r: DryRunResult): SyncReport {
  const { valid, quarantine, warnings: _warnings, ...counts } = r;
  return { ...counts, run_id: 'dry-run', inserted: 0, updated: 0, unchanged: 0, cancelled: 0, quarantine_reasons: reasonCounts(quarantine), valid, quarantine };
}

/** Runs pipelines one after another; a failed run does not stop the rest. */
export async function syncPipelines(db: Kysely<Database>, pipelines: PipelineDefinition[], opts: SyncOptions): Promise<SyncReport[]> {
  const out: SyncReport[] = [];
  for (const p of pipelines) {
    if (opts.dryRun) {
      out.push(dryRunReport(await dryRunPipeline(p, { ...opts, db })));
      continue;
    }
    const result = await runPipeline(p, { ...opts, db });
    out.push({ ...result, quarantine_reasons: await quarantineReasonCounts(db, result.run_id) });
  }
  return out;
}
