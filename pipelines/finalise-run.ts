import type { Kysely } from 'kysely';
import { cancelMissing, countMissing } from '../catalog/cancel-missing.ts';
import { inTransaction } from '../catalog/in-transaction.ts';
import { sealCertificateHeads } from '../catalog/seal-certificate-heads.ts';
import { finishRun, getRun, type RunCounts } from '../catalog/run-repository.ts';
import { setState } from '../catalog/state-repository.ts';
import type { Database } from '../catalog/database.ts';
import { HubError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import type { SyncState } from '../core/sync-state.ts';
import type { PipelineDefinition } from './definition.ts';
import { exceedsBudget, formatBudget } from './exceeds-budget.ts';
import { PipelineStepError } from './pipeline-step-error.ts';

export interface RunEnd {
  pipeline: PipelineDefinition;
  runId: string;
  /** What the runner counted; the run row must say the same. */
  counts: RunCounts;
  /** The state to store for the next run. */
  state: SyncState;
  /** Quarantined records of this run whose natural key is unknown. */
  unkeyed: number;
  allowMassCancel: boolean;
  logger: Logger;
}

const COUNT_KEYS = ['read', 'inserted', 'updated', 'unchanged', 'duplicates', 'quarantined'] as const;

async function checkRunAccounting(db: Kysely<Database>, runId: string, counted: RunCounts): Promise<void> {
  const row = await getRun(db, runId);
  if (!row) throw new HubError('HUB_ERR_NOT_FOUND', `no run with id ${runId}`);
  const stored = Object.fromEntries(COUNT_KEYS.map((k) => [k, Number(row[k])])) as unknown as RunCounts;
  const sum = stored.inserted + stored.updated + stored.unchanged + stored.duplicates + stored.quarantined;
  if (stored.read !== sum || COUNT_KEYS.some((k) => stored[k] !== counted[k])) {
    throw new HubError('HUB_ERR_ACCOUNTING', undefined, { stored, counted });
  }
}

function shrank(message: string, details: Record<string, unknown>): HubError {
  return new HubError('HUB_ERR_SNAPSHOT_SHRANK', `${message}; nothing was cancelled. If the source really dropped them, sync again with --allow-mass-cancel`, details);
}

/**
 * The certificates a replace snapshot no longer lists are cancelled — unless the snapshot looks
 * broken rather than smaller: an empty file, or more cancellations than max_cancel allows. A
 * quarantined record whose key is unknown could be any of the missing ones, so then none is.
 */
async function cancelForSnapshot(trx: Kysely<Database>, end: RunEnd): Promise<number> {
  const run = { runId: end.runId, pipeline: end.pipeline.name };
  const { missing, certificates } = await countMissing(trx, run);
  if (missing === 0) return 0;
  const details = { would_cancel: missing, certificates, read: end.counts.read, max_cancel: formatBudget(end.pipeline.max_cancel) };
  if (!end.allowMassCancel) {
    if (end.counts.read === 0) {
      throw shrank(`the snapshot has no records, so it would cancel all ${missing} of the pipeline's ${certificates} certificates`, details);
    }
    if (exceedsBudget(end.pipeline.max_cancel, missing, certificates)) {
      throw shrank(`the snapshot would cancel ${missing} of the pipeline's ${certificates} certificates, above max_cancel (${details.max_cancel})`, details);
    }
  }
  if (end.unkeyed > 0) {
    end.logger.warn(
      { event: 'cancel_withheld', unkeyed: end.unkeyed, would_cancel: missing },
      `${end.unkeyed} quarantined records have no readable natural key; no certificate is cancelled until they are fixed`,
    );
    return 0;
  }
  return cancelMissing(trx, run);
}

/**
 * Seals the chain heads the run wrote, so that removing what it loaded shows in `audit verify`
 * from now on. The run is already complete: a failure here leaves the versions to the next
 * seal (any later run, or a server) and is only logged.
 */
async function sealRun(db: Kysely<Database>, end: RunEnd): Promise<void> {
  try {
    await sealCertificateHeads(db);
  } catch (err) {
    end.logger.warn({ event: 'error', stage: 'seal', err }, 'could not seal the certificate chain heads; the next run or server seals them');
  }
}

/**
 * The end of a successful run, after the accounting check, as one transaction: cancellations for
 * replace, the final state (floor := max, complete) and the run status; then the chain heads are
 * sealed. Returns how many certificates were cancelled.
 */
export async function finaliseRun(db: Kysely<Database>, end: RunEnd): Promise<number> {
  let cancelled: number;
  try {
    await checkRunAccounting(db, end.runId, end.counts);
    cancelled = await inTransaction(db, async (trx) => {
      const replace = end.pipeline.write_disposition === 'replace' && end.pipeline.entity === 'certificate';
      const count = replace ? await cancelForSnapshot(trx, end) : 0;
      await setState(trx, end.pipeline.name, end.state, end.runId);
      await finishRun(trx, end.runId, { status: 'succeeded' });
      return count;
    });
  } catch (err) {
    throw PipelineStepError.of({ stage: 'finalise', runId: end.runId, batch: null, committed: false, cause: err });
  }
  if (end.pipeline.entity === 'certificate') await sealRun(db, end);
  return cancelled;
}
