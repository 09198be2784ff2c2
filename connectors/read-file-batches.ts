import { batchRecords } from './batch-records.ts';
import type { ConnectorContext, SourceBatch, SourceRecord } from './define-connector.ts';
import { resolveSourceFile } from './resolve-source-file.ts';
import { resumeAfter } from './resume-after.ts';

/**
 * `read()` of a file connector: resolve the file, skip what an earlier run committed, and
 * batch the records. `unit` is how the connector numbers records (CSV/JSONL lines, XLSX rows).
 */
export async function* readFileBatches(
  kind: string,
  unit: 'line' | 'row',
  config: { path: string },
  state: unknown,
  ctx: ConnectorContext,
  records: (file: string) => AsyncIterable<SourceRecord>,
): AsyncGenerator<SourceBatch> {
  const after = resumeAfter(state, unit, kind);
  const file = await resolveSourceFile(config.path, ctx.workspace);
  if (after !== undefined) ctx.logger.debug({ path: config.path, after }, `resuming after ${unit}`);
  yield* batchRecords(records(file), {
    batchSize: ctx.batchSize,
    resumeAfter: after,
    position: (n) => ({ [unit]: n }),
    signal: ctx.signal,
  });
}
