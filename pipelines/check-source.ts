import { getConnector } from '../connectors/index.ts';
import { log } from '../core/log.ts';
import { NO_SYNC_STATE } from '../core/sync-state.ts';
import type { CertificateType } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { closestHeader } from './closest-header.ts';
import { connectorContext } from './connector-context.ts';
import { transformBatch } from './transform-batch.ts';

export interface SourceCheck {
  pipeline: string;
  ok: boolean;
  message: string;
  columns: string[];
  /** Mapped source columns that the source does not have, each with the closest header there is, if any. */
  missing_columns: { field: string; column: string; suggestion?: string }[];
  /** Source columns no mapping uses: they will be kept in `surface`. */
  unmapped_columns: string[];
  /** What the first batch would give. */
  sample: { read: number; valid: number; duplicates: number; quarantined: Record<string, number>; first_problems: { line: number; reason: string; path: string; message: string }[] };
}

/**
 * Reads the first batch of a pipeline's source and reports mapping problems before a real
 * sync: columns the mapping names that are not there, columns nobody maps, and how the first
 * records would fare. Writes nothing.
 */
export async function checkSource(
  pipeline: PipelineDefinition,
  opts: { workspace: string; batchSize: number; certificateTypes: CertificateType[]; today?: Date },
): Promise<SourceCheck> {
  const connector = getConnector(pipeline.source.connector);
  const ctx = connectorContext(pipeline, { logger: log(), batchSize: opts.batchSize, workspace: opts.workspace });
  const reachable = connector.check ? await connector.check(pipeline.source, ctx) : { ok: true, message: 'readable' };
  const out: SourceCheck = {
    pipeline: pipeline.name,
    ok: reachable.ok,
    message: reachable.message,
    columns: reachable.columns ?? [],
    missing_columns: [],
    unmapped_columns: [],
    sample: { read: 0, valid: 0, duplicates: 0, quarantined: {}, first_problems: [] },
  };
  if (!reachable.ok) return out;

  for await (const batch of connector.read(pipeline.source, NO_SYNC_STATE, ctx)) {
    const seen = new Set<string>(out.columns);
    for (const r of batch.records) for (const k of Object.keys(r.data ?? {})) seen.add(k);
    out.columns = [...seen];
    if (pipeline.mapping) {
      const used = new Set(Object.values(pipeline.mapping).map((c) => c.split('.')[0]!));
      out.missing_columns = Object.entries(pipeline.mapping)
        .filter(([, column]) => !seen.has(column.split('.')[0]!))
        .map(([field, column]) => {
          const suggestion = closestHeader(column, out.columns);
          return suggestion === undefined ? { field, column } : { field, column, suggestion };
        });
      out.unmapped_columns = out.columns.filter((c) => !used.has(c));
    }
    const t = transformBatch({ ...pipeline, on_invalid: 'quarantine' }, batch.records, { today: opts.today ?? new Date(), certificateTypes: opts.certificateTypes });
    out.sample.read = batch.records.length;
    out.sample.valid = t.records.length;
    out.sample.duplicates = t.duplicates;
    for (const q of t.quarantine) out.sample.quarantined[q.reason] = (out.sample.quarantined[q.reason] ?? 0) + 1;
    out.sample.first_problems = t.quarantine.slice(0, 10).map((q) => ({ line: q.line, reason: q.reason, path: q.path, message: q.message }));
    break;
  }
  if (out.missing_columns.length > 0) {
    out.ok = false;
    const named = out.missing_columns.map((m) => `${m.field} → ${m.column}${m.suggestion === undefined ? '' : ` (did you mean ${m.suggestion}?)`}`);
    out.message = `the mapping names columns the source does not have: ${named.join(', ')}`;
  }
  return out;
}
