import type { SourceBatch, SourceRecord } from '../connectors/define-connector.ts';
import { HubError } from '../core/errors.ts';
import { type Logger, maskIdentityNumbers } from '../core/log.ts';
import type { SyncState } from '../core/sync-state.ts';
import type { Certificate, CertificateType, Matter } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { exceedsBudget, formatBudget } from './exceeds-budget.ts';
import { PipelineStepError } from './pipeline-step-error.ts';
import { keyOf, type NaturalKey } from '../catalog/natural-key.ts';
import { cursorOf, isBehindCursor, maxCursor } from './sync-state.ts';
import { type QuarantineItem, type TransformContext, type TransformedBatch, transformBatch } from './transform-batch.ts';
import { type ChangedBatch, type Fingerprinting, transformChanged } from './transform-changed.ts';

/** One batch, extracted and transformed, with everything its load needs to commit. */
export interface PreparedBatch {
  /** 1-based. */
  no: number;
  /** Records taken in: the invariant's `read`. */
  read: number;
  /** Records behind the floor, not taken in. */
  skipped: number;
  t: TransformedBatch<Certificate> | TransformedBatch<Matter>;
  /** Parallel to t.records when fingerprinting: the fingerprint of each one's source record. */
  fingerprints?: (string | undefined)[];
  /** Records left out of `t` because their stored row came from the same record through the same transform. */
  unchanged: NaturalKey[];
  /** Quarantined records whose natural key could not be read. */
  unkeyed: number;
  /** The sync state to store with this batch. */
  state: SyncState;
}

export interface PrepareOptions {
  pipeline: PipelineDefinition;
  /** The extract stage: the connector's read from `from`, or records checked on their own (a canonical file). */
  batches: AsyncIterable<SourceBatch>;
  runId: string;
  /** What the read starts from; its floor filters incremental records. */
  from: SyncState;
  logger: Logger;
  today: Date;
  certificateTypes: CertificateType[];
  /** Certificate pipelines only: fingerprint source records, and skip those stored as they are. */
  fingerprinting?: Fingerprinting;
}

/** Quarantined records of a run so far, per reason, with the first line of each as an example. */
type ReasonTally = Map<string, { count: number; line: number; message: string }>;

function tally(reasons: ReasonTally, quarantine: readonly QuarantineItem[]): void {
  for (const q of quarantine) {
    const seen = reasons.get(q.reason);
    if (seen) seen.count++;
    else reasons.set(q.reason, { count: 1, line: q.line, message: q.message });
  }
}

/** How many reasons a budget failure names: enough to point at the mapping to fix, short enough to read. */
const TOP_REASONS = 3;

function budgetError(pipeline: PipelineDefinition, no: number, quarantined: number, read: number, reasons: ReasonTally): HubError {
  const top = [...reasons].sort((a, b) => b[1].count - a[1].count).slice(0, TOP_REASONS);
  const words = top.map(([reason, t]) => `${reason} ${t.count} (e.g. line ${t.line}: ${maskIdentityNumbers(t.message)})`).join('; ');
  return new HubError(
    'HUB_ERR_ERROR_BUDGET',
    `${quarantined} of ${read} records invalid, above max_invalid (${pipeline.max_invalid ? formatBudget(pipeline.max_invalid) : 'none'}); stopped before batch ${no}, earlier batches stay loaded. Top reasons: ${words}`,
    {
      batch: no,
      quarantined,
      read,
      reasons: Object.fromEntries(top.map(([reason, t]) => [reason, { count: t.count, example_line: t.line, example: maskIdentityNumbers(t.message) }])),
    },
  );
}

/**
 * extract → transform, batch by batch. Everything it tracks across batches (batch number, running
 * cursor maximum, error budget) is its own; each batch carries out the values that belong to it,
 * so the runner can load one batch while this prepares the next. Failures leave wrapped with their
 * stage and batch.
 */
export async function* prepareBatches(o: PrepareOptions): AsyncGenerator<PreparedBatch> {
  const { pipeline } = o;
  const floor = o.from.floor;
  let max = o.from.max ?? floor;
  let no = 0;
  let read = 0;
  let quarantined = 0;
  const reasons: ReasonTally = new Map();
  // Keys the previous batch transformed: its load may still be running while this batch looks up fingerprints.
  let recent: ReadonlySet<string> = new Set();
  try {
    for await (const batch of o.batches) {
      no += 1;
      let prepared: PreparedBatch;
      try {
        let records: SourceRecord[] = batch.records;
        if (pipeline.incremental) {
          const { cursor: columns, lag } = pipeline.incremental;
          if (floor) records = records.filter((r) => !r.data || !isBehindCursor(cursorOf(r.data, columns), floor, lag));
          max = maxCursor(max, records, columns);
        }
        const ctx: TransformContext = { today: o.today, certificateTypes: o.certificateTypes };
        const changed: ChangedBatch | undefined =
          o.fingerprinting && pipeline.entity === 'certificate' ? await transformChanged(o.fingerprinting, pipeline, records, ctx, recent) : undefined;
        const t = changed?.t ?? transformBatch(pipeline, records, ctx);
        if (changed) recent = new Set(changed.t.records.map(keyOf));
        read += records.length;
        quarantined += t.quarantine.length;
        tally(reasons, t.quarantine);
        if (exceedsBudget(pipeline.max_invalid, quarantined, read)) throw budgetError(pipeline, no, quarantined, read, reasons);
        prepared = {
          no,
          read: records.length,
          skipped: batch.records.length - records.length,
          t,
          unchanged: changed?.unchanged ?? [],
          ...(changed ? { fingerprints: changed.fingerprints } : {}),
          unkeyed: t.quarantine.filter((q) => q.key === undefined).length,
          state: { position: batch.position, fingerprint: batch.fingerprint, floor, max, complete: false },
        };
      } catch (err) {
        throw PipelineStepError.of({ stage: 'transform', runId: o.runId, batch: no, committed: false, cause: err });
      }
      o.logger.debug({ event: 'records_read', batch: no, count: prepared.read }, 'records read');
      if (prepared.t.quarantine.length > 0) {
        o.logger.info({ event: 'records_quarantined', batch: no, count: prepared.t.quarantine.length }, 'records quarantined');
      }
      yield prepared;
    }
  } catch (err) {
    throw PipelineStepError.of({ stage: 'extract', runId: o.runId, batch: no + 1, committed: false, cause: err });
  }
}
