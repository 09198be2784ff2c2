import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../catalog/database.ts';
import type { RunRow } from '../../catalog/tables/runs.ts';
import { openTarget, type OpenTarget } from '../setup.ts';
import { catalogueDigest } from '../../bench/reliability/catalogue-digest.ts';
import { licenceWorkspace } from '../../bench/reliability/licence-workspace.ts';

/**
 * `ecert sync` as a real child process on Postgres, killed at chosen points of a long run. The
 * points are found by watching the run row and the child's sessions in pg_stat_activity (the
 * child's pool connections carry PGAPPNAME), not by sleeping.
 */

const postgres = Boolean(process.env.ECERT_TEST_DATABASE_URL);
if (!postgres) console.warn('SKIPPED sync-crash.test.ts (kill -9, SIGTERM and concurrent `ecert sync`): needs Postgres; set ECERT_TEST_DATABASE_URL to run it');

const ROWS = Number(process.env.ECERT_TEST_CRASH_ROWS ?? 100_000);
const BATCH = 4000;
const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'ecert.js');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Child {
  pid: number;
  tag: string;
  kill(signal: NodeJS.Signals): void;
  done: Promise<Exit>;
}

function startSync(workspace: string, url: string, tag: string): Child {
  const proc = spawn(process.execPath, [BIN, 'sync', 'licences', '--json', '-w', workspace], {
    env: { ...process.env, ECERT_DATABASE_URL: url, ECERT_BATCH_SIZE: String(BATCH), PGAPPNAME: tag, ECERT_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Exit>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { pid: proc.pid!, tag, kill: (s) => proc.kill(s), done };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function runsOf(db: Kysely<Database>): Promise<RunRow[]> {
  return db.selectFrom('runs').selectAll().orderBy('started_at').execute();
}

/** The run row the child created (the newest one not seen before it started). */
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

/** After kill -9 the server notices the closed sockets and ends the child's sessions, dropping its lock. */
async function sessionsGone(db: Kysely<Database>, child: Child): Promise<void> {
  await waitFor(`the sessions of ${child.tag} to end`, async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and (application_name = ${child.tag} or application_name like ${`ecert ${child.pid}@%`})`.execute(db);
    return rows[0]!.n === 0;
  });
}

function expectAccounting(runs: RunRow[]): void {
  for (const r of runs) {
    expect(Number(r.read), `run ${r.id}`).toBe(Number(r.inserted) + Number(r.updated) + Number(r.unchanged) + Number(r.duplicates) + Number(r.quarantined));
  }
}

describe.skipIf(!postgres)(`ecert sync stopped and raced on Postgres (${ROWS} rows, batches of ${BATCH})`, () => {
  let workspace: string;
  let single: OpenTarget;
  let crashed: OpenTarget;

  beforeAll(async () => {
    workspace = licenceWorkspace(ROWS);
    single = await openTarget('postgres');
    crashed = await openTarget('postgres');
  });
  afterAll(async () => {
    await single?.dispose();
    await crashed?.dispose();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('two syncs of one pipeline started together: one runs, the other exits 1 with HUB_ERR_PIPELINE_BUSY naming it', { timeout: 180_000 }, async () => {
    const url = single.config.databaseUrl!;
    const pair = [startSync(workspace, url, 'ecert-pair-a'), startSync(workspace, url, 'ecert-pair-b')];
    const exits = await Promise.all(pair.map((c) => c.done));
    expect(exits.map((e) => e.code).sort()).toEqual([0, 1]);
    const winner = pair[exits.findIndex((e) => e.code === 0)]!;
    const loser = exits.find((e) => e.code === 1)!;
    const [report] = JSON.parse(loser.stdout) as { status: string; run_id: string; error: { code: string; message: string; details: { pid: number } } }[];
    expect(report).toMatchObject({ status: 'failed', run_id: '', error: { code: 'HUB_ERR_PIPELINE_BUSY', details: { pid: winner.pid } } });
    expect(report!.error.message).toMatch(new RegExp(`pid ${winner.pid} on .+ since `));

    // The loser wrote nothing: the catalogue is that of one clean run.
    const runs = await runsOf(single.catalog.db);
    expect(runs.map((r) => [r.status, Number(r.read)])).toEqual([['succeeded', ROWS]]);
    expectAccounting(runs);
  });

  it('kill -9 while reading, between batches and inside a load transaction, then SIGTERM, then a rerun: the catalogue of one clean run', { timeout: 240_000 }, async () => {
    const { db } = crashed.catalog;
    const url = crashed.config.databaseUrl!;
    const known = new Set<string>();
    const step = async (tag: string, stopWhen: (child: Child) => Promise<void>, signal: NodeJS.Signals) => {
      const child = startSync(workspace, url, tag);
      await stopWhen(child);
      child.kill(signal);
      const exit = await child.done;
      if (signal === 'SIGKILL') await sessionsGone(db, child);
      const run = (await newRun(db, known))!;
      known.add(run.id);
      return { exit, run };
    };

    // 1. While reading: the run has started and not one batch has committed yet.
    const reading = await step(
      'ecert-kill-reading',
      async () => {
        await waitFor('the run row', () => newRun(db, known));
      },
      'SIGKILL',
    );
    expect(reading.exit.signal).toBe('SIGKILL');
    expect(reading.run).toMatchObject({ status: 'running', read: 0 });

    // 2. Between batches: a third of the file committed, and no transaction open at that moment.
    const between = await step(
      'ecert-kill-between',
      async (child) => {
        await waitFor('a third of the rows', async () => Number((await newRun(db, known))?.read ?? 0) >= ROWS / 3);
        await waitFor('a moment between two batch transactions', async () => !(await inTransaction(db, child.tag)));
      },
      'SIGKILL',
    );
    expect(between.run.status).toBe('running');
    expect(Number(between.run.read)).toBeGreaterThan(0);

    // 3. Inside a load transaction, after this run has committed a batch of its own.
    const loading = await step(
      'ecert-kill-loading',
      async (child) => {
        await waitFor('a committed batch', async () => Number((await newRun(db, known))?.read ?? 0) > 0);
        await waitFor('a batch transaction open', () => inTransaction(db, child.tag));
      },
      'SIGKILL',
    );
    expect(loading.run.status).toBe('running');

    // 4. SIGTERM: the current batch finishes, the run is closed as interrupted, exit 143.
    const terminated = await step(
      'ecert-term',
      async () => {
        await waitFor('a committed batch', async () => Number((await newRun(db, known))?.read ?? 0) > 0);
      },
      'SIGTERM',
    );
    expect(terminated.exit.code).toBe(143);
    expect(JSON.parse(terminated.exit.stdout)).toMatchObject([{ status: 'interrupted', error: { code: 'HUB_ERR_RUN_INTERRUPTED' } }]);
    expect(terminated.exit.stderr).toContain('SIGTERM: stopping after the current batch');
    const afterTerm = (await runsOf(db)).find((r) => r.id === terminated.run.id)!;
    expect(afterTerm).toMatchObject({ status: 'interrupted', error: { code: 'HUB_ERR_RUN_INTERRUPTED' } });
    expect(afterTerm.finished_at).toBeInstanceOf(Date);

    // 5. The rerun completes.
    const rerun = startSync(workspace, url, 'ecert-rerun');
    const exit = await rerun.done;
    expect(exit.stderr).toBe('');
    expect(exit.code).toBe(0);

    const runs = await runsOf(db);
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'interrupted', 'interrupted', 'succeeded']);
    for (const killed of [reading.run, between.run, loading.run]) {
      expect(runs.find((r) => r.id === killed.id)).toMatchObject({ finished_at: null, error: { code: 'HUB_ERR_RUN_INTERRUPTED' } });
    }
    expectAccounting(runs);
    // Every record was counted once over the runs: committed batches are never read again.
    expect(runs.reduce((n, r) => n + Number(r.read), 0)).toBe(ROWS);
    expect(await catalogueDigest(db)).toEqual(await catalogueDigest(single.catalog.db));
  });
});
