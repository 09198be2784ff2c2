import { HubError } from '../core/errors.ts';
import type { SourceBatch, SourceRecord } from './define-connector.ts';

export interface BatchOptions {
  batchSize: number;
  /** Records at or before this line (row) were committed by an earlier run and are skipped. */
  resumeAfter: number | undefined;
  /** The position stored with a batch, from the line (row) of its last record. */
  position: (line: number) => unknown;
  /** Stored with every batch, beside its position. */
  fingerprint: string | null;
  signal?: AbortSignal;
}

/**
 * Groups a record stream into batches of at most `batchSize`. The next record is pulled only
 * when the consumer asks for the next batch, so a slow load holds the source back instead of
 * letting records pile up in memory.
 */
export async function* batchRecords(records: AsyncIterable<SourceRecord>, opts: BatchOptions): AsyncGenerator<SourceBatch> {
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
    throw new HubError('HUB_ERR_USAGE', `batch size must be a positive integer, got ${opts.batchSize}`);
  }
  opts.signal?.throwIfAborted();
  let batch: SourceRecord[] = [];
  let last = 0;
  for await (const record of records) {
    if (opts.resumeAfter !== undefined && record.line <= opts.resumeAfter) continue;
    batch.push(record);
    last = record.line;
    if (batch.length === opts.batchSize) {
      opts.signal?.throwIfAborted();
      yield { records: batch, position: opts.position(last), fingerprint: opts.fingerprint };
      batch = [];
    }
  }
  if (batch.length > 0) {
    opts.signal?.throwIfAborted();
    yield { records: batch, position: opts.position(last), fingerprint: opts.fingerprint };
  }
}
