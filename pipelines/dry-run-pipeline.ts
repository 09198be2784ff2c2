import type { Kysely } from 'kysely';
import { classifyCertificates, classifyMatters } from '../catalog/classify-records.ts';
import type { Database } from '../catalog/database.ts';
import type { SourceBatch } from '../connectors/define-connector.ts';
import { getConnector } from '../connectors/index.ts';
import { type Logger, log, runLogger } from '../core/log.ts';
import { NO_SYNC_STATE } from '../core/sync-state.ts';
import type { Certificate, CertificateType, Matter, QuarantineReason } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { connectorContext } from './connector-context.ts';
import { PipelineStepError } from './pipeline-step-error.ts';
import { prepareBatches } from './prepare-batches.ts';
import { logFailure, type RunError, type RunProgress } from './run-pipeline.ts';
import { startingState } from './starting-state.ts';
import type { WarningItem } from './transform-batch.ts';

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
  /**
   * How the valid records would load, judged against the catalogue (read, never written) by the
   * loader's rules; all zero without a catalogue. With one, read = inserted + updated + unchanged +
   * duplicates + quarantined, as for a run.
   */
  inserted: number;
  updated: number;
  unchanged: number;
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
 * (prepareBatches) and error budget, with every record it would quarantine listed by line.
 * `ecert sync --dry-run` and `ecert validate` both answer with this.
 */
export async function dryRunPipeline(pipeline: PipelineDefinition, opts: DryRunOptions): Promise<DryRunResult> {
  const started = Date.now();
  const logger = runLogger(opts.logger ?? log(), { run_id: 'dry-run', pipeline: pipeline.name, connector: pipeline.source.connector });
  const result: DryRunResult = { pipeline: pipeline.name, status: 'succeeded', read: 0, valid: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, quarantined: 0, skipped: 0, quarantine: [], warnings: [], duration_ms: 0 };
  try {
    const from = opts.db ? await startingState(opts.db, pipeline, opts.fullRefresh === true) : NO_SYNC_STATE;
    const batches = opts.batches ?? getConnector(pipeline.source.connector).read(pipeline.source, from, connectorContext(pipeline, { logger, batchSize: opts.batchSize, workspace: opts.workspace }));
    for await (const b of prepareBatches({ pipeline, batches, runId: 'dry-run', from, logger, today: opts.today ?? new Date(), certificateTypes: opts.certificateTypes })) {
      result.skipped += b.skipped;
      result.read += b.read;
      result.valid += b.t.records.length;
      if (opts.db) {
        const would =
          pipeline.entity === 'certificate'
            ? await classifyCertificates(opts.db, b.t.records as Certificate[], { pipeline: pipeline.name, priority: pipeline.priority, disposition: pipeline.write_disposition })
            : await classifyMatters(opts.db, b.t.records as Matter[]);
        result.inserted += would.inserted;
        result.updated += would.updated;
        result.unchanged += would.unchanged;
      }
      result.duplicates += b.t.duplicates;
      result.quarantined += b.t.quarantine.length;
      for (const q of b.t.quarantine) result.quarantine.push({ line: q.line, reason: q.reason, path: q.path, message: q.message });
      for (const w of b.t.warnings) result.warnings.push(w);
      opts.onProgress?.({ pipeline: pipeline.name, batch: b.no, read: result.read, quarantined: result.quarantined, loaded: 0 });
    }
    logger.info({ event: 'run_finished', read: result.read, valid: result.valid, duplicates: result.duplicates, quarantined: result.quarantined }, 'run finished');
  } catch (err) {
    // prepareBatches wraps its own failures with stage and batch; only reading the sync state is left.
    const failure = PipelineStepError.of({ stage: 'extract', runId: 'dry-run', batch: null, committed: false, cause: err });
    result.status = 'failed';
    result.error = failure.toJSON();
    logFailure(logger, failure);
  }
  result.duration_ms = Date.now() - started;
  return result;
}
