import type { Kysely } from 'kysely';
import { loadCertificateBatch, type LoadResult } from '../catalog/load-certificates.ts';
import { loadMatterBatch } from '../catalog/load-matters.ts';
import { finishRun, type RunCounts, startRun } from '../catalog/run-repository.ts';
import type { Database } from '../catalog/database.ts';
import { getConnector } from '../connectors/index.ts';
import { HubError } from '../core/errors.ts';
import { type Logger, log, runLogger } from '../core/log.ts';
import type { SyncState } from '../core/sync-state.ts';
import type { Certificate, CertificateType, Matter } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { connectorContext } from './connector-context.ts';
import { finaliseRun } from './finalise-run.ts';
import { PipelineStepError } from './pipeline-step-error.ts';
import { type PreparedBatch, prepareBatches } from './prepare-batches.ts';
import { startingState } from './starting-state.ts';
import { transformVersion } from './transform-version.ts';

export interface RunResult extends RunCounts {
  pipeline: string;
  run_id: string;
  status: 'succeeded' | 'failed' | 'interrupted';
  duration_ms: number;
  /** Records behind the incremental cursor, not taken in (not part of `read`). */
  skipped: number;
  /** Rows marked cancelled because a full snapshot (`replace`) no longer has them. */
  cancelled: number;
  /**
   * Of `unchanged`: records whose fingerprint matched the row stored for them, so they skipped
   * map, normalise, validate and load.
   */
  unchanged_skipped: number;
  error?: RunError;
}

export interface RunError {
  code: string;
  message: string;
  details?: unknown;
}

export interface RunProgress {
  pipeline: string;
  batch: number;
  read: number;
  quarantined: number;
  loaded: number;
}

export interface RunOptions {
  db: Kysely<Database>;
  workspace: string;
  batchSize: number;
  certificateTypes: CertificateType[];
  /** Read from the start of the source and transform every record, even those whose fingerprint is stored. */
  fullRefresh?: boolean;
  /** Let a replace snapshot cancel more than max_cancel, or everything when it is empty. */
  allowMassCancel?: boolean;
  trigger?: string;
  today?: Date;
  logger?: Logger;
  onProgress?: (p: RunProgress) => void;
  /** Aborted (reason: the signal's name) → no further batch starts; the run ends `interrupted`. */
  signal?: AbortSignal;
}

function interruption(signal: AbortSignal, batch: number): HubError {
  const reason = typeof signal.reason === 'string' ? signal.reason : 'a stop request';
  return new HubError('HUB_ERR_RUN_INTERRUPTED', `stopped by ${reason} before batch ${batch}; the batches before it stay loaded`, { signal: reason });
}

/**
 * One concise line per failed run (code, stage, batch, message); the stack and the cause chain only
 * at debug level, where someone chasing a bug looks.
 */
export function logFailure(logger: Logger, failure: PipelineStepError): void {
  const { code, message } = failure.toJSON();
  logger.error({ event: 'error', stage: failure.stage, batch: failure.batch, code }, message);
  logger.debug({ event: 'error', stage: failure.stage, batch: failure.batch, err: failure }, 'stack of the failure above');
}

function loadBatch(db: Kysely<Database>, pipeline: PipelineDefinition, runId: string, b: PreparedBatch): Promise<LoadResult> {
  const common = {
    runId,
    pipeline: pipeline.name,
    quarantine: b.t.quarantine,
    state: b.state,
    counts: { read: b.read, duplicates: b.t.duplicates },
    conflicts: b.t.conflicts,
  };
  if (pipeline.entity === 'matter') return loadMatterBatch(db, { ...common, records: b.t.records as Matter[] });
  return loadCertificateBatch(db, {
    ...common,
    priority: pipeline.priority,
    disposition: pipeline.write_disposition,
    records: b.t.records as Certificate[],
    ...(b.fingerprints ? { fingerprints: b.fingerprints } : {}),
    unchanged: b.unchanged,
    seenKeys: b.t.quarantine.flatMap((q) => (q.key ? [q.key] : [])),
  });
}

/**
 * One sync of one pipeline in named stages: extract → transform (map, normalise, validate,
 * dedupe) → load, one transaction per batch with its sync state, then finalise in one more. A
 * failure leaves every committed batch in place and nothing of the failing one.
 */
export async function runPipeline(pipeline: PipelineDefinition, opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const { db } = opts;
  const connector = getConnector(pipeline.source.connector);
  const runId = await startRun(db, { pipeline: pipeline.name, trigger: opts.trigger ?? 'manual' });
  const logger = runLogger(opts.logger ?? log(), { run_id: runId, pipeline: pipeline.name, connector: connector.kind });
  const counts: RunCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, quarantined: 0 };
  let skipped = 0;
  let unkeyed = 0;
  let cancelled = 0;
  let unchangedSkipped = 0;

  const from = await startingState(db, pipeline, opts.fullRefresh === true);
  logger.info({ event: 'run_started', resume: from.position ?? null }, 'run started');
  const batches = prepareBatches({
    pipeline,
    batches: connector.read(pipeline.source, from, connectorContext(pipeline, { logger, batchSize: opts.batchSize, workspace: opts.workspace })),
    runId,
    from,
    logger,
    today: opts.today ?? new Date(),
    certificateTypes: opts.certificateTypes,
    fingerprinting: { db, transform: transformVersion(pipeline, opts.certificateTypes), skip: opts.fullRefresh !== true },
  });
  let last = from;
  try {
    // Extract and transform of the next batch overlap the load of this one: the catalogue works on
    // its own core while the parser and normalisers use ours.
    let next = batches.next();
    for (;;) {
      const item = await next;
      if (item.done) break;
      next = batches.next();
      // A failure of the look-ahead surfaces when it is awaited, after this batch has committed.
      next.catch(() => undefined);
      const b = item.value;
      if (opts.signal?.aborted) throw PipelineStepError.of({ stage: 'load', runId, batch: b.no, committed: false, cause: interruption(opts.signal, b.no) });
      const loaded = await loadBatch(db, pipeline, runId, b).catch((err: unknown) => {
        throw PipelineStepError.of({ stage: 'load', runId, batch: b.no, committed: false, cause: err });
      });
      try {
        counts.read += b.read;
        counts.inserted += loaded.inserted;
        counts.updated += loaded.updated;
        counts.unchanged += loaded.unchanged;
        counts.duplicates += b.t.duplicates;
        counts.quarantined += b.t.quarantine.length;
        skipped += b.skipped;
        unchangedSkipped += b.unchanged.length;
        unkeyed += b.unkeyed;
        last = b.state;
        logger.debug({ event: 'batch_loaded', batch: b.no, ...loaded }, 'batch loaded');
        opts.onProgress?.({
          pipeline: pipeline.name,
          batch: b.no,
          read: counts.read,
          quarantined: counts.quarantined,
          loaded: counts.inserted + counts.updated + counts.unchanged,
        });
      } catch (err) {
        throw PipelineStepError.of({ stage: 'load', runId, batch: b.no, committed: true, cause: err });
      }
    }

    const max = last.max ?? from.floor;
    const final: SyncState = { position: null, fingerprint: last.fingerprint, floor: max, max, complete: true };
    cancelled = await finaliseRun(db, { pipeline, runId, counts, state: final, unkeyed, allowMassCancel: opts.allowMassCancel === true, logger });
    const result: RunResult = { pipeline: pipeline.name, run_id: runId, status: 'succeeded', ...counts, skipped, cancelled, unchanged_skipped: unchangedSkipped, duration_ms: Date.now() - started };
    logger.info({ event: 'run_finished', ...result }, 'run finished');
    return result;
  } catch (err) {
    await batches.return(undefined).catch(() => undefined);
    // Every stage wraps its own failures; anything else can only come from the end of the run.
    const failure = PipelineStepError.of({ stage: 'finalise', runId, batch: null, committed: false, cause: err });
    const error = failure.toJSON();
    logFailure(logger, failure);
    const status = error.code === 'HUB_ERR_RUN_INTERRUPTED' ? 'interrupted' : 'failed';
    await finishRun(db, runId, { status, error });
    return { pipeline: pipeline.name, run_id: runId, status, ...counts, skipped, cancelled, unchanged_skipped: unchangedSkipped, duration_ms: Date.now() - started, error };
  }
}
