import type { SyncState } from '../core/sync-state.ts';
import { batchRecords } from './batch-records.ts';
import type { ConnectorContext, SourceBatch, SourceRecord } from './define-connector.ts';
import { fileFingerprint } from './file-fingerprint.ts';
import { resolveSourceFile } from './resolve-source-file.ts';
import { resumeAfter } from './resume-after.ts';

/**
 * `read()` of a file connector: resolve the file, skip what an earlier run committed — only when
 * it is still the same file — and batch the records. `unit` is how the connector numbers records
 * (CSV/JSONL lines, XLSX rows).
 */
export async function* readFileBatches(
  kind: string,
  unit: 'line' | 'row',
  config: { path: string },
  state: SyncState,
  ctx: ConnectorContext,
  records: (file: string) => AsyncIterable<SourceRecord>,
): AsyncGenerator<SourceBatch> {
  const file = await resolveSourceFile(config.path, ctx.workspace);
  const fingerprint = await fileFingerprint(file);
  let position = state.position;
  if (position !== null && position !== undefined && state.fingerprint !== fingerprint) {
    // Resuming by line number in another file would skip its first lines unread.
    ctx.logger.warn(
      { event: 'source_changed', path: config.path, previous_fingerprint: state.fingerprint, fingerprint, position },
      `${config.path} changed since the last committed batch; reading it from the start`,
    );
    position = null;
  }
  const after = resumeAfter(position, unit, kind);
  if (after !== undefined) ctx.logger.debug({ path: config.path, after }, `resuming after ${unit}`);
  yield* batchRecords(records(file), {
    batchSize: ctx.batchSize,
    resumeAfter: after,
    position: (n) => ({ [unit]: n }),
    fingerprint,
    signal: ctx.signal,
  });
}
