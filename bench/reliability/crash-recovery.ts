import { rmSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../catalog/database.ts';
import type { RunRow } from '../../catalog/tables/runs.ts';
import { catalogueDigest } from './catalogue-digest.ts';
import { licenceWorkspace } from './licence-workspace.ts';
import type { ReliabilityDriver } from './reliability-driver.ts';
import { throwAwayCatalogue } from './throw-away-catalogue.ts';
import { type TransactionGate, transactionGate } from './transaction-gate.ts';
import { type Child, type Exit, startSync, type SyncProcessOptions, waitFor } from './sync-process.ts';

/**
 * `ecert sync` as a real child process on Postgres, stopped at chosen points of a long run and
 * rerun; the catalogue must end as that of one clean run. The points are found by watching the
 * run row, the child's sessions in pg_stat_activity (its pool connections carry PGAPPNAME) and
 * the locks it waits on — never by sleeping.
 */

export type StopPoint = 'reading' | 'between-batches' | 'mid-batch' | 'sigterm' | 'finalise';

export interface Stop {
  point: StopPoint;
  signal: 'SIGKILL' | 'SIGTERM';
  exit: Exit;
  /** The run row as the stop left it (before the rerun closed it). */
  run: RunRow;
}

export interface CrashRecoveryOptions {
  /** A Postgres URL whose user may create databases. */
  adminUrl: string;
  rows: number;
  batchSize?: number;
  /** The ecert executable the syncs run (see startSync). */
  bin?: string;
}

export interface CrashRecoveryFigures {
  rows: number;
  /** Two syncs of the pipeline started together on the clean catalogue. */
  race: Exit[];
  stops: Stop[];
  rerun: Exit;
  /** Every run of the stopped catalogue, oldest first, after the rerun. */
  runs: RunRow[];
  /** Processes killed or stopped, and the racing second sync. */
  faultsInjected: number;
  /** Stops after which a rerun brought the catalogue to that of a clean run. */
  crashesSurvived: number;
  /** Records counted over all runs of the stopped catalogue: equals `rows` when no committed batch is read again. */
  readOverRuns: number;
  /** Certificates of the clean catalogue missing from the stopped one. */
  lost: number;
  clean: Awaited<ReturnType<typeof catalogueDigest>>;
  stopped: Awaited<ReturnType<typeof catalogueDigest>>;
}

async function runsOf(db: Kysely<Database>): Promise<RunRow[]> {
  return db.selectFrom('runs').selectAll().orderBy('started_at').execute();
}

async function newRun(db: Kysely<Database>, known: Set<string>): Promise<RunRow | undefined> {
  return (await runsOf(db)).find((r) => !known.has(r.id));
}

/** Whether one of the child's sessions has a transaction open (a batch being loaded). */
async function inTransaction(db: Kysely<Database>, tag: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and application_name = ${tag} and xact_start is not null`.execute(db);
  return rows[0]!.n > 0;
}

/** After kill -9 the server notices the closed sockets and ends the child's sessions, dropping its locks. */
async function sessionsGone(db: Kysely<Database>, child: Child): Promise<void> {
  await waitFor(`the sessions of ${child.tag} to end`, async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and (application_name = ${child.tag} or application_name like ${`ecert ${child.pid}@%`})`.execute(db);
    return rows[0]!.n === 0;
  });
}

/** Holds the finalise transaction of the next run open, at its update of the run row to `succeeded`. */
function finaliseGate(url: string): Promise<TransactionGate> {
  return transactionGate(url, `before update on runs for each row when (old.status = 'running' and new.status = 'succeeded')`);
}

async function stopAt(db: Kysely<Database>, url: string, workspace: string, sync: SyncProcessOptions, known: Set<string>, point: StopPoint): Promise<Stop> {
  // Whether a batch of the run has committed; a run that ended first can no longer be stopped where wanted.
  const committed = async () => {
    const run = await newRun(db, known);
    if (run && run.status !== 'running') throw new Error(`the run ended (${run.status}) before it could be stopped at ${point}: use more rows or smaller batches`);
    return Number(run?.read ?? 0) > 0;
  };
  const signal = point === 'sigterm' ? 'SIGTERM' : 'SIGKILL';
  const gate = point === 'finalise' ? await finaliseGate(url) : undefined;
  const child = startSync(workspace, url, `ecert-stop-${point}`, sync);
  try {
    switch (point) {
      case 'reading':
        // The run has started and not one batch has committed yet.
        await waitFor('the run row', () => newRun(db, known));
        break;
      case 'between-batches':
        await waitFor('a committed batch', committed);
        // The next batch is transformed while this one loads, so the moments outside a transaction
        // are short: freeze the child, look, and kill it only if the frozen state is the wanted one.
        await waitFor('a moment between two batch transactions', async () => {
          child.kill('SIGSTOP');
          await committed();
          if (!(await inTransaction(db, child.tag))) return true;
          child.kill('SIGCONT');
          return false;
        });
        break;
      case 'mid-batch':
        await waitFor('a committed batch', committed);
        await waitFor('a batch transaction open', () => inTransaction(db, child.tag));
        break;
      case 'sigterm':
        await waitFor('a committed batch', committed);
        break;
      case 'finalise':
        await waitFor('the finalise transaction, held at the run row', () => gate!.reached(db));
        break;
    }
    child.kill(signal);
    const exit = await child.done;
    // A backend waiting on a lock does not notice its client is gone: open the gate, and it
    // finds the closed socket when it next reads, rolling the finalise transaction back.
    await gate?.open();
    if (signal === 'SIGKILL') await sessionsGone(db, child);
    const run = (await newRun(db, known))!;
    known.add(run.id);
    // A child that finished before its signal was not stopped at all: the figures would count a full read twice.
    if (run.status === 'succeeded') throw new Error(`the sync finished before it could be stopped at ${point}: use more rows or smaller batches`);
    return { point, signal, exit, run };
  } finally {
    await gate?.remove();
  }
}

/** Stops at `points` in this order, then reruns; a 'finalise' stop only makes sense last, once every batch has committed. */
export async function crashRecovery(o: CrashRecoveryOptions, points: StopPoint[] = ['reading', 'between-batches', 'mid-batch', 'sigterm', 'finalise']): Promise<CrashRecoveryFigures> {
  const sync = { batchSize: o.batchSize ?? 4000, bin: o.bin };
  const workspace = licenceWorkspace(o.rows);
  const clean = await throwAwayCatalogue(o.adminUrl, 'ecert_clean');
  const stopped = await throwAwayCatalogue(o.adminUrl, 'ecert_stopped');
  try {
    const race = await Promise.all([startSync(workspace, clean.url, 'ecert-race-a', sync), startSync(workspace, clean.url, 'ecert-race-b', sync)].map((c) => c.done));
    const known = new Set<string>();
    const stops: Stop[] = [];
    for (const point of points) stops.push(await stopAt(stopped.catalog.db, stopped.url, workspace, sync, known, point));
    const rerun = await startSync(workspace, stopped.url, 'ecert-rerun', sync).done;
    const runs = await runsOf(stopped.catalog.db);
    const cleanDigest = await catalogueDigest(clean.catalog.db);
    const stoppedDigest = await catalogueDigest(stopped.catalog.db);
    const equal = JSON.stringify(cleanDigest) === JSON.stringify(stoppedDigest);
    const count = async (db: Kysely<Database>) => (await sql<{ n: number }>`select count(*)::int as n from certificates`.execute(db)).rows[0]!.n;
    const lost = Math.max(0, (await count(clean.catalog.db)) - (await count(stopped.catalog.db)));
    return {
      rows: o.rows,
      race,
      stops,
      rerun,
      runs,
      faultsInjected: stops.length + 1,
      crashesSurvived: equal && rerun.code === 0 ? stops.length : 0,
      readOverRuns: runs.reduce((n, r) => n + Number(r.read), 0),
      lost,
      clean: cleanDigest,
      stopped: stoppedDigest,
    };
  } finally {
    await clean.drop();
    await stopped.drop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

export const crashRecoveryDriver: ReliabilityDriver = {
  name: 'crash-recovery',
  checks: 'kill -9 while reading, between batches, inside a batch and inside finalise; SIGTERM; two syncs raced; rerun equals a clean run',
  async run(ctx) {
    // Twenty batches or more, so that every stop finds batches still to come.
    const f = await crashRecovery({ adminUrl: ctx.adminUrl, rows: ctx.quick ? 20_000 : 100_000, batchSize: ctx.quick ? 1000 : 4000 });
    const equal = JSON.stringify(f.stopped) === JSON.stringify(f.clean);
    const raced = f.race.map((e) => e.code).sort().join(',') === '0,1';
    return {
      tried: `${f.rows} rows, ${f.stops.length} stops + 1 race`,
      hostileRecords: 0,
      faultsInjected: f.faultsInjected,
      faultsSurvived: f.crashesSurvived + (raced ? 1 : 0),
      lost: f.lost,
      ok: equal && raced && f.rerun.code === 0 && f.readOverRuns === f.rows && f.lost === 0,
      notes: `stops: ${f.stops.map((s) => `${s.point} (${s.signal}, run read ${s.run.read})`).join(', ')}; rerun exit ${f.rerun.code}; records read over all runs ${f.readOverRuns} of ${f.rows}; catalogue ${equal ? 'equal to' : 'DIFFERS from'} a clean run`,
    };
  },
};
