import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../catalog/open-database.ts';
import { licenceWorkspace } from '../../bench/reliability/licence-workspace.ts';
import { runCli } from './run-cli.ts';
import { type SchedulerProcess, startScheduler } from './schedule-process.ts';

describe('ecert schedule on the embedded store', () => {
  let workspace: string;
  let scheduler: SchedulerProcess | undefined;
  beforeAll(() => {
    workspace = licenceWorkspace(6000);
    appendFileSync(path.join(workspace, 'pipelines', 'licences.yaml'), 'schedule: "* * * * * *"\n');
    writeFileSync(path.join(workspace, 'pipelines', 'broken.yaml'), 'name: broken\nentity: [unclosed\n');
  });
  afterAll(() => {
    scheduler?.proc.kill('SIGKILL');
    rmSync(workspace, { recursive: true, force: true });
  });

  it('--list prints the next run time of each scheduled pipeline, and reports the broken file', () => {
    const list = runCli(['schedule', '--list', '--json', '-w', workspace]);
    expect(list.code).toBe(0);
    const [next] = JSON.parse(list.stdout) as { pipeline: string; timezone: string; next: string }[];
    expect(next).toMatchObject({ pipeline: 'licences', schedule: '* * * * * *', timezone: 'Asia/Shanghai' });
    expect(Math.abs(Date.parse(next!.next) - Date.now())).toBeLessThan(5_000);
    expect(list.stderr).toMatch(/broken\.yaml.*\(pipeline file skipped\)/);
  });

  it(
    'runs the good pipeline, turns a second scheduler away, and on SIGTERM finishes the batch, marks the run interrupted and exits 143',
    { timeout: 60_000 },
    async () => {
      scheduler = startScheduler(workspace, { ECERT_BATCH_SIZE: '200', ECERT_LOG_LEVEL: 'debug' });
      await scheduler.waitFor((l) => l.event === 'schedule_run' && l.status === 'started');

      const second = runCli(['schedule', '-w', workspace]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('HUB_ERR_STORE_BUSY');
      expect(second.stderr).toContain('the scheduler must be the only process');

      // SIGTERM once a batch of a run under way has committed.
      const lines = scheduler.lines();
      const from = lines.length;
      await scheduler.waitFor((l) => l.event === 'batch_loaded' && lines.indexOf(l) >= from);
      scheduler.proc.kill('SIGTERM');
      expect(await scheduler.exited).toBe(143);
      expect(scheduler.stderr()).toMatch(/broken\.yaml.*\(pipeline file skipped\)/);
      // A tick that fires while the stopped run winds down logs a skip; the run's own outcome is what counts.
      const last = lines.filter((l) => l.event === 'schedule_run' && l.status !== 'skipped').at(-1);
      expect(last).toMatchObject({ pipeline: 'licences', status: 'interrupted', error_code: 'HUB_ERR_RUN_INTERRUPTED' });

      const store = await openDatabase({ storeDir: path.join(workspace, '.ecert') });
      try {
        const runs = await store.db.selectFrom('runs').selectAll().orderBy('started_at').execute();
        expect(runs.slice(0, -1).every((r) => r.status === 'succeeded' && r.trigger === 'schedule')).toBe(true);
        const stopped = runs.at(-1)!;
        expect(stopped).toMatchObject({ id: last!.run_id, trigger: 'schedule', status: 'interrupted', error: { code: 'HUB_ERR_RUN_INTERRUPTED' } });
        expect(stopped.finished_at).toBeInstanceOf(Date);
        expect(Number(stopped.read)).toBeGreaterThan(0);
        expect(Number(stopped.read)).toBeLessThan(6000);
      } finally {
        await store.close();
      }
      const ledger = runCli(['runs', '-w', workspace]);
      expect(ledger.stdout).toMatch(/licences\s+schedule\s+interrupted/);
    },
  );
});
