import { describe, expect, it } from 'vitest';
import { crashRecovery } from '../../bench/reliability/crash-recovery.ts';
import { ECERT_BIN } from '../cli-bundle.ts';

/**
 * `ecert sync` as a real child process on Postgres: two started together, then one killed at
 * chosen points of a long run (kill -9 while reading, between batches, inside a load
 * transaction and inside the finalise transaction; SIGTERM), then rerun. See
 * bench/reliability/crash-recovery.ts for how each point is found.
 */

const adminUrl = process.env.ECERT_TEST_DATABASE_URL;
if (!adminUrl) console.warn('SKIPPED sync-crash.test.ts (kill -9, SIGTERM and concurrent `ecert sync`): needs Postgres; set ECERT_TEST_DATABASE_URL to run it');

const ROWS = Number(process.env.ECERT_TEST_CRASH_ROWS ?? 10_000);
const BATCH = 1000;

describe.skipIf(!adminUrl)(`ecert sync stopped and raced on Postgres (${ROWS} rows, batches of ${BATCH})`, () => {
  it('two syncs race, then kill -9 at four points and SIGTERM, then a rerun: the catalogue of one clean run', { timeout: 300_000 }, async () => {
    const f = await crashRecovery({ adminUrl: adminUrl!, rows: ROWS, batchSize: BATCH, bin: ECERT_BIN });

    // Two syncs of one pipeline started together: one runs, the other exits 1 with HUB_ERR_PIPELINE_BUSY naming it.
    expect(f.race.map((e) => e.code).sort()).toEqual([0, 1]);
    const loser = f.race.find((e) => e.code === 1)!;
    const [report] = JSON.parse(loser.stdout) as { status: string; run_id: string; error: { code: string; message: string; details: { pid: number } } }[];
    expect(report).toMatchObject({ status: 'failed', run_id: '', error: { code: 'HUB_ERR_PIPELINE_BUSY' } });
    expect(report!.error.message).toMatch(new RegExp(`pid ${report!.error.details.pid} on .+ since `));

    const [reading, between, loading, terminated, finalising] = f.stops;
    expect(reading).toMatchObject({ exit: { signal: 'SIGKILL' }, run: { status: 'running', read: 0 } });
    expect(between!.run.status).toBe('running');
    expect(Number(between!.run.read)).toBeGreaterThan(0);
    expect(loading!.run.status).toBe('running');
    // SIGTERM: the current batch finishes, the run is closed as interrupted, exit 143.
    expect(terminated!.exit.code).toBe(143);
    expect(JSON.parse(terminated!.exit.stdout)).toMatchObject([{ status: 'interrupted', error: { code: 'HUB_ERR_RUN_INTERRUPTED' } }]);
    expect(terminated!.exit.stderr).toContain('SIGTERM: stopping after the current batch');
    expect(terminated!.run).toMatchObject({ status: 'interrupted', error: { code: 'HUB_ERR_RUN_INTERRUPTED' } });
    expect(terminated!.run.finished_at).toBeInstanceOf(Date);
    // Killed inside the finalise transaction: every batch had committed, the run's end had not.
    expect(finalising).toMatchObject({ exit: { signal: 'SIGKILL' }, run: { status: 'running', finished_at: null } });
    expect(Number(finalising!.run.read)).toBeGreaterThan(0);

    // The rerun completes; the runs it found unfinished are closed as interrupted.
    expect(f.rerun.stderr).toBe('');
    expect(f.rerun.code).toBe(0);
    expect(f.runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'interrupted', 'interrupted', 'interrupted', 'succeeded']);
    for (const killed of [reading, between, loading, finalising]) {
      expect(f.runs.find((r) => r.id === killed!.run.id)).toMatchObject({ finished_at: null, error: { code: 'HUB_ERR_RUN_INTERRUPTED' } });
    }
    expect(f.runs.at(-1)!.read).toBe(0);
    for (const r of f.runs) expect(Number(r.read), `run ${r.id}`).toBe(Number(r.inserted) + Number(r.updated) + Number(r.unchanged) + Number(r.duplicates) + Number(r.quarantined));
    // Every record was counted once over the runs: committed batches are never read again.
    expect(f.readOverRuns).toBe(ROWS);
    expect(f.stopped).toEqual(f.clean);
    expect(f).toMatchObject({ faultsInjected: 6, crashesSurvived: 5, lost: 0 });
  });
});
