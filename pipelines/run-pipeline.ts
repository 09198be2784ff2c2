import type { Kysely } from 'kysely';
import { cancelMissing } from '../catalog/cancel-missing.ts';
import { loadCertificateBatch } from '../catalog/load-certificates.ts';
import { loadMatterBatch } from '../catalog/load-matters.ts';
import { finishRun, getRun, startRun } from '../catalog/run-repository.ts';
import { setState } from '../catalog/state-repository.ts';
import type { Database } from '../catalog/tables.ts';
import { HubError } from '../core/errors.ts';
import { type Logger, log, runLogger } from '../core/log.ts';
import type { Certificate, CertificateType, Matter } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { checkErrorBudget } from './error-budget.ts';
import { type Stage, stepFailure } from './pipeline-step-error.ts';
import { type SyncState, storedSyncState } from './sync-state.ts';
import { transformSource } from './transform-source.ts';

export interface RunCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  quarantined: number;
}

export type RunError = { code: string; message: string; details?: unknown };

export interface RunResult extends RunCounts {
  pipeline: string;
  run_id: string;
  status: 'succeeded' | 'failed';
  duration_ms: number;
  /** Records behind the incremental cursor, not taken in (not part of `read`). */
  skipped: number;
  /** Rows marked cancelled because a full snapshot (`replace`) no longer has them. */
  cancelled: number;
  error?: RunError;
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
  fullRefresh?: boolean;
  trigger?: string;
  today?: Date;
  logger?: Logger;
  onProgress?: (p: RunProgress) => void;
}

const ZERO: RunCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, quarantined: 0 };

/**
 * One sync of one pipeline: extract → map → normalise → validate → dedupe → load, one
 * transaction per batch with the cursor written in it. A failure leaves every committed batch
 * in place and nothing of the failing one.
 */
export async function runPipeline(pipeline: PipelineDefinition, opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const { db } = opts;
  const runId = await startRun(db, { pipeline: pipeline.name, trigger: opts.trigger ?? 'manual' });
  const logger = runLogger(opts.logger ?? log(), { run_id: runId, pipeline: pipeline.name, connector: pipeline.source.connector });
  const counts: RunCounts = { ...ZERO };
  let skipped = 0;
  let cancelled = 0;
  let batchNo = 0;
  const stage = { current: 'extract' as Stage };

  const previous = await storedSyncState(db, pipeline.name, opts.fullRefresh);
  let cursor = previous?.cursor;
  // Extract and transform of the next batch overlap the load of this one: the catalogue works on
  // its own core while the parser and normalisers use ours. State and cursor are snapshots taken
  // per batch, so each batch commits exactly its own position.
  const batches = transformSource(pipeline, { ...opts, today: opts.today ?? new Date(), logger, previous, stage });
  try {
    let next = batches.next();
    for (;;) {
      const item = await next;
      if (item.done) break;
      next = batches.next();
      // A failure of the look-ahead surfaces when it is awaited, after this batch has committed.
      next.catch(() => undefined);
      batchNo += 1;
      const { read, t, state } = item.value;
      skipped += item.value.skipped;
      cursor = state.cursor;
      if (t.quarantine.length > 0) {
        logger.info({ event: 'records_quarantined', batch: batchNo, count: t.quarantine.length }, 'records quarantined');
      }
      checkErrorBudget(pipeline, { quarantined: counts.quarantined + t.quarantine.length, read: counts.read + read }, batchNo);
      const common = {
        runId,
        pipeline: pipeline.name,
        quarantine: t.quarantine,
        cursor: state,
        counts: { read, duplicates: t.duplicates },
      };
      let loaded: { inserted: number; updated: number; unchanged: number };
      try {
        loaded =
          pipeline.entity === 'certificate'
            ? await loadCertificateBatch(db, {
                ...common,
                priority: pipeline.priority,
                disposition: pipeline.write_disposition,
                records: t.records as Certificate[],
              })
            : await loadMatterBatch(db, { ...common, records: t.records as Matter[] });
      } catch (err) {
        stage.current = 'load';
        throw err;
      }
      counts.read += read;
      counts.inserted += loaded.inserted;
      counts.updated += loaded.updated;
      counts.unchanged += loaded.unchanged;
      counts.duplicates += t.duplicates;
      counts.quarantined += t.quarantine.length;
      logger.debug({ event: 'batch_loaded', batch: batchNo, ...loaded }, 'batch loaded');
      opts.onProgress?.({
        pipeline: pipeline.name,
        batch: batchNo,
        read: counts.read,
        quarantined: counts.quarantined,
        loaded: counts.inserted + counts.updated + counts.unchanged,
      });
    }

    if (pipeline.write_disposition === 'replace' && pipeline.entity === 'certificate') {
      cancelled = await cancelMissing(db, { runId, pipeline: pipeline.name });
    }
    await setState(db, pipeline.name, { position: null, cursor, complete: true } satisfies SyncState, runId);
    const row = await getRun(db, runId);
    const stored = row ? { ...ZERO, ...pickCounts(row) } : counts;
    const sum = stored.inserted + stored.updated + stored.unchanged + stored.duplicates + stored.quarantined;
    if (stored.read !== sum || stored.read !== counts.read) {
      throw new HubError('HUB_ERR_ACCOUNTING', undefined, { stored, counted: counts });
    }
    await finishRun(db, runId, { status: 'succeeded' });
    const result: RunResult = { pipeline: pipeline.name, run_id: runId, status: 'succeeded', ...counts, skipped, cancelled, duration_ms: Date.now() - started };
    logger.info({ event: 'run_finished', ...result }, 'run finished');
    return result;
  } catch (err) {
    await batches.return(undefined).catch(() => undefined);
    const failure = stepFailure(err, { stage: stage.current, runId, batch: stage.current === 'load' ? batchNo : batchNo + 1 });
    const error = failure.toJSON();
    logger.error({ event: 'error', stage: stage.current, batch: batchNo, err: failure }, error.message);
    await finishRun(db, runId, { status: 'failed', error });
    return { pipeline: pipeline.name, run_id: runId, status: 'failed', ...counts, skipped, cancelled, duration_ms: Date.now() - started, error };
  }
}

function pickCounts(row: Record<string, unknown>): RunCounts {
  const n = (k: keyof RunCounts) => Number(row[k] ?? 0);
  return { read: n('read'), inserted: n('inserted'), updated: n('updated'), unchanged: n('unchanged'), duplicates: n('duplicates'), quarantined: n('quarantined') };
}
