import type { Kysely } from 'kysely';
import { HubError } from '../core/errors.ts';
import type { SyncState } from '../core/sync-state.ts';
import { inTransaction } from './in-transaction.ts';
import { quarantineBatch, type QuarantineBatch } from './quarantine-repository.ts';
import { addRunCounts, type DuplicateInsert, recordDuplicates } from './run-repository.ts';
import { setState } from './state-repository.ts';
import type { Database } from './database.ts';

export interface BatchCounts {
  read: number;
  duplicates: number;
}

export interface LoadResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Records a batch leaves in quarantine: those it rejected, and for a retry those that still fail. */
function quarantinedIn(batch: Pick<QuarantineBatch, 'quarantine' | 'retry'>): number {
  return batch.quarantine.length + (batch.retry?.failing.length ?? 0);
}

/** The invariant of the run ledger, checked per batch before anything is written. */
function checkAccounting(counts: BatchCounts, records: number, unchanged: number, quarantined: number): void {
  if (counts.read !== records + unchanged + counts.duplicates + quarantined) {
    throw new HubError('HUB_ERR_ACCOUNTING', undefined, {
      read: counts.read,
      records,
      unchanged,
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
async function recordBatch(
  trx: Kysely<Database>,
  batch: QuarantineBatch & { state?: SyncState; counts: BatchCounts; conflicts?: DuplicateInsert[] },
  result: LoadResult,
): Promise<void> {
  await addRunCounts(trx, batch.runId, {
    read: batch.counts.read,
    ...result,
    duplicates: batch.counts.duplicates,
    quarantined: quarantinedIn(batch),
  });

  await quarantineBatch(trx, batch);
  await recordDuplicates(trx, batch.runId, batch.pipeline, batch.conflicts ?? []);

  if (batch.state !== undefined) await setState(trx, batch.pipeline, batch.state, batch.runId);
}

/**
 * The frame every entity's batch load shares: counts checked before anything is written, then one
 * transaction that loads the records chunk by chunk (each chunk with its offset in `records`) and
 * records the batch. `unchangedKeys` are the natural keys of records known unchanged without
 * being loaded: they count as unchanged and, like loaded ones, settle open quarantine rows of
 * their key.
 */
export async function loadInTransaction<
  R,
  B extends Omit<QuarantineBatch, 'loadedKeys'> & { records: R[]; unchangedKeys?: string[]; counts: BatchCounts; state?: SyncState; conflicts?: DuplicateInsert[] },
>(
  db: Kysely<Database>,
  batch: B,
  chunkSize: number,
  loadChunk: (trx: Kysely<Database>, batch: B, chunk: R[], offset: number) => Promise<LoadResult>,
  naturalKey: (record: R) => string,
): Promise<LoadResult> {
  const unchanged = batch.unchangedKeys ?? [];
  checkAccounting(batch.counts, batch.records.length, unchanged.length, quarantinedIn(batch));
  return inTransaction(db, async (trx) => {
    const total: LoadResult = { inserted: 0, updated: 0, unchanged: unchanged.length };
    for (let i = 0; i < batch.records.length; i += chunkSize) {
      const r = await loadChunk(trx, batch, batch.records.slice(i, i + chunkSize), i);
      total.inserted += r.inserted;
      total.updated += r.updated;
      total.unchanged += r.unchanged;
    }
    await recordBatch(trx, { ...batch, loadedKeys: [...batch.records.map(naturalKey), ...unchanged] }, total);
    return total;
  });
}
