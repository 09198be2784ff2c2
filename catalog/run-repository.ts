import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { HubError } from '../core/errors.ts';
import type { Database } from './database.ts';
import type { RunDuplicateRow } from './tables/run-duplicates.ts';
import type { RunRow, RunStatus } from './tables/runs.ts';

export async function startRun(db: Kysely<Database>, run: { pipeline: string; trigger: string }): Promise<string> {
  const id = randomUUID();
  await db.insertInto('runs').values({ id, pipeline: run.pipeline, trigger: run.trigger, status: 'running' }).execute();
  return id;
}

/** The counts of the accounting invariant, as added to a run row batch by batch. */
export interface RunCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  quarantined: number;
}

/** Adds one batch's counts to its run row, in the batch's transaction. */
export async function addRunCounts(db: Kysely<Database>, runId: string, delta: RunCounts): Promise<void> {
  const counted = await db
    .updateTable('runs')
    .set((eb) => ({
      read: eb('read', '+', delta.read),
      inserted: eb('inserted', '+', delta.inserted),
      updated: eb('updated', '+', delta.updated),
      unchanged: eb('unchanged', '+', delta.unchanged),
      duplicates: eb('duplicates', '+', delta.duplicates),
      quarantined: eb('quarantined', '+', delta.quarantined),
    }))
    .where('id', '=', runId)
    .executeTakeFirst();
  if (counted.numUpdatedRows === 0n) throw new HubError('HUB_ERR_NOT_FOUND', `no run with id ${runId}`);
}

export async function finishRun(
  db: Kysely<Database>,
  runId: string,
  outcome: { status: Exclude<RunStatus, 'running'>; error?: unknown },
): Promise<void> {
  const result = await db
    .updateTable('runs')
    .set({
      status: outcome.status,
      finished_at: sql<Date>`now()`,
      error: outcome.error === undefined ? null : JSON.stringify(outcome.error),
    })
    .where('id', '=', runId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new HubError('HUB_ERR_NOT_FOUND', `no run with id ${runId}`);
}

/** Whether a scheduled run of the pipeline started at or after `since`: one that covers a tick due then. */
export async function scheduledRunSince(db: Kysely<Database>, pipeline: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('runs')
    .select('id')
    .where('pipeline', '=', pipeline)
    .where('trigger', '=', 'schedule')
    .where('started_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function getRun(db: Kysely<Database>, runId: string): Promise<RunRow | undefined> {
  return db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/** The runs whose id is `idOrPrefix` or starts with it (at most two: enough to tell an ambiguous prefix). */
export async function findRuns(db: Kysely<Database>, idOrPrefix: string): Promise<RunRow[]> {
  const exact = await getRun(db, idOrPrefix);
  if (exact) return [exact];
  const pattern = `${idOrPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.selectFrom('runs').selectAll().where('id', 'like', pattern).orderBy('started_at', 'desc').limit(2).execute();
}

/** Newest first. */
export async function listRuns(db: Kysely<Database>, filter: { pipeline?: string; limit?: number } = {}): Promise<RunRow[]> {
  let q = db.selectFrom('runs').selectAll();
  if (filter.pipeline !== undefined) q = q.where('pipeline', '=', filter.pipeline);
  return q.orderBy('started_at', 'desc').orderBy('id').limit(filter.limit ?? 50).execute();
}

/** A source row dropped by dedupe although its content differs from the row kept for its key. */
export interface DuplicateInsert {
  line: number | null;
  keptLine: number | null;
  naturalKey: string;
  reason: string;
}

/** Records a batch's conflicting duplicates, in the batch's transaction. */
export async function recordDuplicates(db: Kysely<Database>, runId: string, pipeline: string, rows: DuplicateInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('run_duplicates')
    .values(rows.map((d) => ({ run_id: runId, pipeline, line: d.line, kept_line: d.keptLine, natural_key: d.naturalKey, reason: d.reason })))
    .execute();
}

/** A run's conflicting duplicates in source order. */
export async function listDuplicates(db: Kysely<Database>, runId: string, limit = 1000): Promise<RunDuplicateRow[]> {
  return db.selectFrom('run_duplicates').selectAll().where('run_id', '=', runId).orderBy('line').orderBy('id').limit(limit).execute();
}

/** How many conflicting duplicates a run recorded. */
export async function countDuplicates(db: Kysely<Database>, runId: string): Promise<number> {
  const row = await db.selectFrom('run_duplicates').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
  return Number(row.n);
}
