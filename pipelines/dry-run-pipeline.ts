import type { Kysely } from 'kysely';
import type { Database } from '../catalog/tables.ts';
import type { SourceBatch } from '../connectors/define-connector.ts';
import { type Logger, log, runLogger } from '../core/log.ts';
import type { CertificateType, QuarantineReason } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { checkErrorBudget } from './error-budget.ts';
import { type Stage, stepFailure } from './pipeline-step-error.ts';
import type { RunError, RunProgress } from './run-pipeline.ts';
import { storedSyncState } from './sync-state.ts';
import type { WarningItem } from './transform-batch.ts';
import { transformSource } from './transform-source.ts';

/** One record a sync would quarantine (its raw payload is not kept: a dry run stores nothing). */
export interface QuarantineEntry {
  line: number;
  reason: QuarantineReason;
  path: string;
  message: string;
}

export interface DryRunResult {
  pipeline: string;
  status: 'succeeded' | 'failed';
  /** Records taken in: valid + duplicates + quarantined. */
  read: number;
  /** Records a sync would load (insert, update or find unchanged). */
  valid: number;
  duplicates: number;
  quarantined: number;
  /** Records behind the incremental cursor, not taken in (not part of `read`). */
  skipped: number;
  quarantine: QuarantineEntry[];
  warnings: WarningItem[];
  duration_ms: number;
  error?: RunError;
}

interface DryRunOptions {
  workspace: string;
  batchSize: number;
  certificateTypes: CertificateType[];
  /** The catalogue whose sync state says where the next sync would start; without it the whole source is read. */
  db?: Kysely<Database>;
  fullRefresh?: boolean;
  /** Batches to check instead of the connector's, e.g. a file in the canonical format. */
  batches?: AsyncIterable<SourceBatch>;
  today?: Date;
  logger?: Logger;
  onProgress?: (p: RunProgress) => void;
}

/**
 * What a sync of the pipeline would do, without writing anything: the sync's own record path
 * (transformSource) and error budget, with every record it would quarantine listed by line.
 * `ecert sync --dry-run` and `ecert validate` both answer with this.
 */
export async function dryRunPipeline(pipeline: PipelineDefinition, opts: DryRunOptions): Promise<DryRunResult> {
  const started = Date.now();
  const logger = runLogger(opts.logger ?? log(), { run_id: 'dry-run', pipeline: pipeline.name, connector: pipeline.source.connector });
  const result: DryRunResult = { pipeline: pipeline.name, status: 'succeeded', read: 0, valid: 0, duplicates: 0, quarantined: 0, skipped: 0, quarantine: [], warnings: [], duration_ms: 0 };
  const stage = { current: 'extract' as Stage };
  let batchNo = 0;
  try {
    const previous = opts.db ? await storedSyncState(opts.db, pipeline.name, opts.fullRefresh) : undefined;
    for await (const { read, skipped, t } of transformSource(pipeline, { ...opts, today: opts.today ?? new Date(), logger, previous, stage })) {
      batchNo += 1;
      result.skipped += skipped;
      if (t.quarantine.length > 0) {
        logger.info({ event: 'records_quarantined', batch: batchNo, count: t.quarantine.length }, 'records quarantined');
      }
      checkErrorBudget(pipeline, { quarantined: result.quarantined + t.quarantine.length, read: result.read + read }, batchNo);
      result.read += read;
      result.valid += t.records.length;
      result.duplicates += t.duplicates;
      result.quarantined += t.quarantine.length;
      for (const q of t.quarantine) result.quarantine.push({ line: q.line, reason: q.reason, path: q.path, message: q.message });
      for (const w of t.warnings) result.warnings.push(w);
      opts.onProgress?.({ pipeline: pipeline.name, batch: batchNo, read: result.read, quarantined: result.quarantined, loaded: 0 });
    }
    logger.info({ event: 'run_finished', read: result.read, valid: result.valid, duplicates: result.duplicates, quarantined: result.quarantined }, 'run finished');
  } catch (err) {
    const failure = stepFailure(err, { stage: stage.current, runId: 'dry-run', batch: batchNo + 1 });
    result.status = 'failed';
    result.error = failure.toJSON();
    logger.error({ event: 'error', stage: stage.current, batch: batchNo, err: failure }, failure.message);
  }
  result.duration_ms = Date.now() - started;
  return result;
}
