import { sql, type Kysely } from 'kysely';
import { HubError } from '../core/errors.ts';
import type { SyncState } from '../core/sync-state.ts';
import type { QuarantineReason } from '../schemas/types.ts';
import { sha256Hex } from './canonical-json.ts';
import { inTransaction } from './in-transaction.ts';
import { addRunCounts } from './run-repository.ts';
import { setState } from './state-repository.ts';
import type { Database } from './tables.ts';

export interface QuarantineInsert {
  /** Line or record number in the source, when it has one. */
  line: number | null;
  /** The record as read, kept so it can be fixed and retried. */
  raw: unknown;
  reason: QuarantineReason;
  /** JSON path of the offending field. */
  path: string | null;
  message: string;
  details?: unknown;
}

export interface BatchCounts {
  read: number;
  duplicates: number;
}

export interface LoadResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** jsonb refuses U+0000; a raw payload from a badly encoded source may contain it and must still be kept. */
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k) as string, withoutNul(v)]));
  }
  return value;
}

/** The invariant of the run ledger, checked per batch before anything is written. */
export function checkAccounting(counts: BatchCounts, records: number, quarantined: number): void {
  if (counts.read !== records + counts.duplicates + quarantined) {
    throw new HubError('HUB_ERR_ACCOUNTING', undefined, {
      read: counts.read,
      records,
      duplicates: counts.duplicates,
      quarantined,
    });
  }
}

/**
 * The parts of a batch that are the same for every entity: counts onto the run row,
 * quarantined records, and the sync state — all in the caller's transaction, so the state
 * only moves when the batch's data commits.
 */
export async function recordBatch(
  trx: Kysely<Database>,
  batch: { runId: string; pipeline: string; quarantine: QuarantineInsert[]; state?: SyncState; counts: BatchCounts; resolve?: number[] },
  result: LoadResult,
): Promise<void> {
  await addRunCounts(trx, batch.runId, {
    read: batch.counts.read,
    ...result,
    duplicates: batch.counts.duplicates,
    quarantined: batch.quarantine.length,
  });

  if (batch.quarantine.length > 0) {
    // One row per payload: the same record twice in a batch is one quarantined record.
    const byPayload = new Map<string, Record<string, unknown>>();
    for (const q of batch.quarantine) {
      const raw = withoutNul(q.raw ?? null);
      const payload_hash = sha256Hex(JSON.stringify(raw));
      byPayload.set(payload_hash, {
        line: q.line,
        raw,
        payload_hash,
        reason: q.reason,
        path: q.path,
        message: q.message,
        details: q.details === undefined ? null : withoutNul(q.details),
      });
    }
    // A record still unresolved from an earlier run is the same problem seen again: its row moves
    // to this run with the current verdict, so re-syncing an unfixed source never piles up copies.
    await sql`
      insert into quarantine (run_id, pipeline, line, raw, payload_hash, reason, path, message, details)
      select ${batch.runId}, ${batch.pipeline}, q.line, q.raw, q.payload_hash, q.reason, q.path, q.message, q.details
      from jsonb_to_recordset(${JSON.stringify([...byPayload.values()])}::jsonb)
        as q(line integer, raw jsonb, payload_hash text, reason text, path text, message text, details jsonb)
      on conflict (pipeline, payload_hash) where resolved_at is null do update set
        run_id = excluded.run_id, line = excluded.line, reason = excluded.reason, path = excluded.path,
        message = excluded.message, details = excluded.details`.execute(trx);
  }

  if (batch.resolve && batch.resolve.length > 0) {
    await trx
      .updateTable('quarantine')
      .set({ resolved_at: sql<Date>`now()`, resolved_run_id: batch.runId })
      .where('id', 'in', batch.resolve)
      .where('resolved_at', 'is', null)
      .execute();
  }

  if (batch.state !== undefined) await setState(trx, batch.pipeline, batch.state, batch.runId);
}

/**
 * The frame every entity's batch load shares: counts checked before anything is written, then one
 * transaction that loads the records chunk by chunk and records the batch.
 */
export async function loadInTransaction<R, B extends { records: R[]; quarantine: QuarantineInsert[]; counts: BatchCounts; runId: string; pipeline: string; state?: SyncState; resolve?: number[] }>(
  db: Kysely<Database>,
  batch: B,
  chunkSize: number,
  loadChunk: (trx: Kysely<Database>, batch: B, chunk: R[]) => Promise<LoadResult>,
): Promise<LoadResult> {
  checkAccounting(batch.counts, batch.records.length, batch.quarantine.length);
  return inTransaction(db, async (trx) => {
    const total: LoadResult = { inserted: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < batch.records.length; i += chunkSize) {
      const r = await loadChunk(trx, batch, batch.records.slice(i, i + chunkSize));
      total.inserted += r.inserted;
      total.updated += r.updated;
      total.unchanged += r.unchanged;
    }
    await recordBatch(trx, batch, total);
    return total;
  });
}
