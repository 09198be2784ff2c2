import type { SourceBatch, SourceRecord } from '../connectors/define-connector.ts';
import { getConnector } from '../connectors/index.ts';
import type { Logger } from '../core/log.ts';
import type { Certificate, CertificateType, Matter } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import type { Stage } from './pipeline-step-error.ts';
import { type SyncState, cursorOf, isBehindCursor, maxCursor } from './sync-state.ts';
import { type TransformedBatch, transformBatch } from './transform-batch.ts';

interface TransformSourceOptions {
  workspace: string;
  batchSize: number;
  certificateTypes: CertificateType[];
  today: Date;
  logger: Logger;
  /** What the last run left in sync_state; undefined reads the whole source. */
  previous: SyncState | undefined;
  /** Batches to take instead of the connector's, e.g. a file in the canonical format checked on its own. */
  batches?: AsyncIterable<SourceBatch>;
  /** Kept at the stage at work, so that a failure can name it. */
  stage: { current: Stage };
}

interface TransformedSourceBatch {
  /** Records taken in; those behind the incremental cursor are skipped and not counted here. */
  read: number;
  skipped: number;
  t: TransformedBatch<Certificate> | TransformedBatch<Matter>;
  /** Where the source stands after this batch: a sync commits it with the batch. */
  state: SyncState;
}

/**
 * The sync's record path short of the load: extract (resuming where an unfinished run stopped) →
 * incremental filter → map → normalise → validate → dedupe, batch by batch. The sync and every
 * check that must agree with it (dry runs, `ecert validate`) read records through here.
 */
export async function* transformSource(pipeline: PipelineDefinition, opts: TransformSourceOptions): AsyncGenerator<TransformedSourceBatch> {
  const { previous, stage, logger } = opts;
  // A run that stopped mid-file resumes after its last committed batch; a snapshot (replace) is always read whole.
  const resumeFrom = previous && !previous.complete && pipeline.write_disposition !== 'replace' ? previous.position : undefined;
  let cursor = previous?.cursor;
  const floor = pipeline.incremental && cursor ? { cursor, lag: pipeline.incremental.lag } : undefined;
  logger.info({ event: 'run_started', resume: resumeFrom ?? null }, 'run started');
  stage.current = 'extract';
  const batches =
    opts.batches ??
    getConnector(pipeline.source.connector).read(pipeline.source, resumeFrom, { logger, batchSize: opts.batchSize, workspace: opts.workspace });
  let n = 0;
  for await (const batch of batches) {
    n += 1;
    stage.current = 'map';
    let records: SourceRecord[] = batch.records;
    let skipped = 0;
    if (pipeline.incremental) {
      const columns = pipeline.incremental.cursor;
      if (floor) {
        records = records.filter((r) => !r.data || !isBehindCursor(cursorOf(r.data, columns), floor.cursor, floor.lag));
        skipped = batch.records.length - records.length;
      }
      cursor = maxCursor(cursor, records, columns);
    }
    logger.debug({ event: 'records_read', batch: n, count: records.length }, 'records read');
    const t = transformBatch(pipeline, records, { today: opts.today, certificateTypes: opts.certificateTypes });
    yield { read: records.length, skipped, t, state: { position: batch.position, cursor, complete: false } };
    stage.current = 'extract';
  }
}
