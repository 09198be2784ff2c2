import type { Kysely } from 'kysely';
import { loadCertificateBatch } from '../catalog/load-certificates.ts';
import { loadMatterBatch } from '../catalog/load-matters.ts';
import { listQuarantine } from '../catalog/quarantine-repository.ts';
import { finishRun, startRun } from '../catalog/run-repository.ts';
import type { Database } from '../catalog/database.ts';
import type { QuarantineRow } from '../catalog/tables/quarantine.ts';
import type { SourceRecord } from '../connectors/define-connector.ts';
import type { Certificate, CertificateType, Matter } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { transformBatch } from './transform-batch.ts';

export interface RetryReport {
  pipeline: string;
  run_id: string | null;
  retried: number;
  /** Loaded (inserted, updated or unchanged) or absorbed as a duplicate: their quarantine rows are resolved. */
  fixed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  still_quarantined: number;
}

/** A row keeps its original line for messages; its position in the chunk ties the verdict back to it. */
function asSource(row: QuarantineRow, index: number): SourceRecord {
  const raw = row.raw as Record<string, unknown> | null;
  if (row.reason === 'parse_error' || raw === null || typeof raw !== 'object') {
    return { line: index, text: typeof raw?.text === 'string' ? raw.text : JSON.stringify(raw), error: row.message };
  }
  return { line: index, data: raw };
}

/**
 * Sends a pipeline's unresolved quarantined records through its current mapping and
 * normalisers again. Fixed ones load in a run of their own (trigger `retry`) and their rows
 * are resolved in the same transaction; the rest stay quarantined with the current reason and
 * move to the retry run, which counts them as quarantined (its `read` is how many it retried).
 */
export async function retryQuarantine(
  db: Kysely<Database>,
  pipeline: PipelineDefinition,
  opts: { batchSize: number; certificateTypes: CertificateType[]; today?: Date },
): Promise<RetryReport> {
  const rows = await listQuarantine(db, { pipeline: pipeline.name, unresolvedOnly: true, limit: Number.MAX_SAFE_INTEGER });
  const report: RetryReport = { pipeline: pipeline.name, run_id: null, retried: rows.length, fixed: 0, inserted: 0, updated: 0, unchanged: 0, still_quarantined: 0 };
  if (rows.length === 0) return report;
  const runId = await startRun(db, { pipeline: pipeline.name, trigger: 'retry' });
  report.run_id = runId;
  // A retry never fails on an invalid record: those records are already quarantined.
  const lenient: PipelineDefinition = { ...pipeline, on_invalid: 'quarantine', write_disposition: pipeline.write_disposition === 'replace' ? 'merge' : pipeline.write_disposition };
  try {
    for (let start = 0; start < rows.length; start += opts.batchSize) {
      const chunk = rows.slice(start, start + opts.batchSize);
      const t = transformBatch(lenient, chunk.map(asSource), { today: opts.today ?? new Date(), certificateTypes: opts.certificateTypes });
      const failing = new Map(t.quarantine.map((q) => [q.line, q]));
      const fixed = chunk.filter((_, i) => !failing.has(i)).map((r) => r.id);
      const still = [...failing.entries()].map(([i, q]) => ({
        id: chunk[i]!.id,
        reason: q.reason,
        path: q.path,
        message: q.message,
        details: q.details,
        naturalKey: q.naturalKey,
      }));
      // Fixed rows resolve and failing rows get their current verdict in the load's own transaction.
      const common = {
        runId,
        pipeline: pipeline.name,
        quarantine: [],
        // read = every record retried, so the retry run's ledger shows how many it took up again.
        counts: { read: chunk.length, duplicates: t.duplicates },
        retry: { fixed, failing: still },
      };
      const loaded =
        pipeline.entity === 'certificate'
          ? await loadCertificateBatch(db, { ...common, priority: pipeline.priority, disposition: lenient.write_disposition, records: t.records as Certificate[] })
          : await loadMatterBatch(db, { ...common, records: t.records as Matter[] });
      report.fixed += fixed.length;
      report.inserted += loaded.inserted;
      report.updated += loaded.updated;
      report.unchanged += loaded.unchanged;
      report.still_quarantined += still.length;
    }
    await finishRun(db, runId, { status: 'succeeded' });
  } catch (err) {
    await finishRun(db, runId, { status: 'failed', error: { message: err instanceof Error ? err.message : String(err) } });
    throw err;
  }
  return report;
}
