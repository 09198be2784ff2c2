import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ThrowAwayDatabase, throwAwayDatabase } from '../../bench/throwaway-database.ts';
import { openDatabase } from '../../catalog/open-database.ts';
import { licenceWorkspace } from '../../bench/reliability/licence-workspace.ts';
import { type SchedulerProcess, startScheduler } from './schedule-process.ts';

const adminUrl = process.env.ECERT_TEST_DATABASE_URL;
if (!adminUrl) console.warn('SKIPPED schedule-postgres.test.ts: needs Postgres; set ECERT_TEST_DATABASE_URL to run it');

describe.skipIf(!adminUrl)('two ecert schedule processes on one Postgres catalogue', () => {
  let workspace: string;
  let database: ThrowAwayDatabase;
  const schedulers: SchedulerProcess[] = [];
  beforeAll(async () => {
    workspace = licenceWorkspace(1500);
    appendFileSync(path.join(workspace, 'pipelines', 'licences.yaml'), 'schedule: "* * * * * *"\n');
    database = await throwAwayDatabase(adminUrl!, 'ecert_schedule');
    // What `ecert db migrate` does: Postgres commands do not migrate by themselves.
    await (await openDatabase({ databaseUrl: database.url, storeDir: '' }, { migrate: true })).close();
  });
  afterAll(async () => {
    for (const s of schedulers) s.proc.kill('SIGKILL');
    await Promise.all(schedulers.map((s) => s.exited));
    await database?.drop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('share the ticks: every tick runs once, runs never overlap, nothing loads twice', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 2; i++) schedulers.push(startScheduler(workspace, { ECERT_DATABASE_URL: database.url }));
    await Promise.all(schedulers.map((s) => s.waitFor((l) => l.event === 'schedule_run' && l.status === 'started')));
    const runLines = () => schedulers.flatMap((s) => s.lines().filter((l) => l.event === 'schedule_run' && typeof l.run_id === 'string'));
    const skipped = () => schedulers.flatMap((s) => s.lines().filter((l) => l.event === 'schedule_run' && l.status === 'skipped'));
    // Run until at least four ticks ran with both processes up, and the other process was turned away at least once.
    const started = Date.now();
    while ((runLines().length < 4 || skipped().length === 0) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 200));
    for (const s of schedulers) s.proc.kill("SIGTERM");
    expect(await Promise.all(schedulers.map((s) => s.exited))).toEqual([143, 143]);

    const lines = runLines();
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const ticks = lines.map((l) => l.tick);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(skipped().every((l) => l.reason === 'busy' || l.reason === 'already_run' || l.reason === 'still_running')).toBe(true);
    expect(skipped().some((l) => l.reason === 'busy' || l.reason === 'already_run')).toBe(true);

    const catalog = await openDatabase({ databaseUrl: database.url, storeDir: '' });
    try {
      const runs = await catalog.db.selectFrom('runs').selectAll().orderBy('started_at').execute();
      expect(runs.map((r) => r.id).sort()).toEqual(lines.map((l) => l.run_id).sort());
      expect(runs.every((r) => r.trigger === 'schedule')).toBe(true);
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.started_at.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finished_at!.getTime());
      const { n } = await catalog.db.selectFrom('certificates').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(runs.reduce((sum, r) => sum + Number(r.inserted), 0)).toBe(Number(n));
      expect(runs.slice(1).every((r) => Number(r.inserted) === 0)).toBe(true);
    } finally {
      await catalog.close();
    }
  });
});
