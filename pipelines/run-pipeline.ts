import type { Kysely } from 'kysely';
import { cancelMissing } from '../catalog/cancel-missing.ts';
import { loadCertificateBatch } from '../catalog/load-certificates.ts';
import { loadMatterBatch } from '../catalog/load-matters.ts';
import { finishRun, getRun, startRun } from '../catalog/run-repository.ts';
import { getState, setState } from '../catalog/state-repository.ts';
import type { Database } from '../catalog/tables.ts';
import type { SourceRecord } from '../connectors/define-connector.ts';
import { getConnector } from '../connectors/index.ts';
import { HubError, isHubError } from '../core/errors.ts';
import { type Logger, log, runLogger } from '../core/log.ts';
import type { Certificate, CertificateType, Matter } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { PipelineStepError, type Stage } from './pipeline-step-error.ts';
import { type SyncState, cursorOf, isBehindCursor, maxCursor } from './sync-state.ts';
import { type TransformedBatch, transformBatch } from './transform-batch.ts';

export interface RunCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  quarantined: number;
}

export interface RunResult extends RunCounts {
  pipeline: string;
  run_id: string;
  status: 'succeeded' | 'failed';
  duration_ms: number;
  /** Records behind the incremental cursor, not taken in (not part of `read`). */
  skipped: number;
  /** Rows marked cancelled because a full snapshot (`replace`) no longer has them. */
  cancelled: number;
  error?: { code: string; message: string; details?: unknown };
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
  dryRun?: boolean;
  trigger?: string;
  today?: Date;
  logger?: Logger;
  onProgress?: (p: RunProgress) => void;
}

interface PreparedBatch {
  read: number;
  t: TransformedBatch<Certificate> | TransformedBatch<Matter>;
  state: SyncState;
}

const ZERO: RunCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, quarantined: 0 };

function budgetExceeded(p: PipelineDefinition, quarantined: number, read: number): boolean {
  const budget = p.max_invalid;
  if (!budget) return false;
  if ('count' in budget) return quarantined > budget.count;
  return read > 0 && (quarantined / read) * 100 > budget.percent;
}

function errorOf(err: unknown): NonNullable<RunResult['error']> {
  if (isHubError(err)) return err.toJSON();
  return { code: 'HUB_ERR_INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/**
 * One sync of one pipeline: extract → map → normalise → validate → dedupe → load, one
 * transaction per batch with the cursor written in it. A failure leaves every committed batch
 * in place and nothing of the failing one.
 */
export async function runPipeline(pipeline: PipelineDefinition, opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const { db } = opts;
  const today = opts.today ?? new Date();
  const connector = getConnector(pipeline.source.connector);
  const runId = opts.dryRun ? 'dry-run' : await startRun(db, { pipeline: pipeline.name, trigger: opts.trigger ?? 'manual' });
  const logger = runLogger(opts.logger ?? log(), { run_id: runId, pipeline: pipeline.name, connector: connector.kind });
  const counts: RunCounts = { ...ZERO };
  let skipped = 0;
  let cancelled = 0;
  let batchNo = 0;
  let stage = 'extract' as Stage;

  const previous = opts.fullRefresh ? undefined : ((await getState(db, pipeline.name))?.cursor as SyncState | null | undefined);
  // A run that stopped mid-file resumes after its last committed batch; a snapshot (replace) is always read whole.
  const resumeFrom = previous && !previous.complete && pipeline.write_disposition !== 'replace' ? previous.position : undefined;
  let cursor = previous?.cursor;
  const cursorFloor = pipeline.incremental && cursor ? { cursor, lag: pipeline.incremental.lag } : undefined;
  logger.info({ event: 'run_started', resume: resumeFrom ?? null }, 'run started');

  // Extract and transform of the next batch overlap the load of this one: the catalogue works on
  // its own core while the parser and normalisers use ours. State and cursor are snapshots taken
  // per batch, so each batch commits exactly its own position.
  async function* prepared(): AsyncGenerator<PreparedBatch> {
    let n = 0;
    for await (const batch of connector.read(pipeline.source, resumeFrom, { logger, batchSize: opts.batchSize, workspace: opts.workspace })) {
      n += 1;
      stage = 'map';
      let records: SourceRecord[] = batch.records;
      if (pipeline.incremental) {
        const columns = pipeline.incremental.cursor;
        if (cursorFloor) {
          const before = records.length;
          records = records.filter((r) => !r.data || !isBehindCursor(cursorOf(r.data, columns), cursorFloor.cursor, cursorFloor.lag));
          skipped += before - records.length;
        }
        cursor = maxCursor(cursor, records, columns);
      }
      logger.debug({ event: 'records_read', batch: n, count: records.length }, 'records read');
      const t = transformBatch(pipeline, records, { today, certificateTypes: opts.certificateTypes });
      yield { read: records.length, t, state: { position: batch.position, cursor, complete: false } };
      stage = 'extract';
    }
  }

  const batches = prepared();
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
      if (t.quarantine.length > 0) {
        logger.info({ event: 'records_quarantined', batch: batchNo, count: t.quarantine.length }, 'records quarantined');
      }
      if (budgetExceeded(pipeline, counts.quarantined + t.quarantine.length, counts.read + read)) {
        throw new HubError(
          'HUB_ERR_ERROR_BUDGET',
          `${counts.quarantined + t.quarantine.length} of ${counts.read + read} records invalid, above max_invalid; stopped before batch ${batchNo}, earlier batches stay loaded`,
          { batch: batchNo, quarantined: counts.quarantined + t.quarantine.length, read: counts.read + read },
        );
      }
      let loaded = { inserted: 0, updated: 0, unchanged: 0 };
      if (!opts.dryRun) {
        const common = {
          runId,
          pipeline: pipeline.name,
          quarantine: t.quarantine,
          cursor: state,
          counts: { read, duplicates: t.duplicates },
        };
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
          stage = 'load';
          throw err;
        }
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

    if (!opts.dryRun) {
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
    }
    const result: RunResult = { pipeline: pipeline.name, run_id: runId, status: 'succeeded', ...counts, skipped, cancelled, duration_ms: Date.now() - started };
    logger.info({ event: 'run_finished', ...result }, 'run finished');
    return result;
  } catch (err) {
    await batches.return(undefined).catch(() => undefined);
    const failure = isHubError(err) ? err : new PipelineStepError({ stage, runId, batch: stage === 'load' ? batchNo : batchNo + 1, cause: err });
    const error = errorOf(failure);
    logger.error({ event: 'error', stage, batch: batchNo, err: failure }, error.message);
    if (!opts.dryRun) await finishRun(db, runId, { status: 'failed', error });
    return { pipeline: pipeline.name, run_id: runId, status: 'failed', ...counts, skipped, cancelled, duration_ms: Date.now() - started, error };
  }
}

function pickCounts(row: Record<string, unknown>): RunCounts {
  const n = (k: keyof RunCounts) => Number(row[k] ?? 0);
  return { read: n('read'), inserted: n('inserted'), updated: n('updated'), unchanged: n('unchanged'), duplicates: n('duplicates'), quarantined: n('quarantined') };
}
