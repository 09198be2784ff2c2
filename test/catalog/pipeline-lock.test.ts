import os from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeInterruptedRuns } from '../../catalog/interrupted-runs.ts';
import { openDatabase, type Catalog } from '../../catalog/open-database.ts';
import { pipelineLocks } from '../../catalog/pipeline-lock.ts';
import { getRun, startRun } from '../../catalog/run-repository.ts';
import { forEachTarget, openTarget, resetCatalog, type OpenTarget } from '../setup.ts';

/** Resolves `held` once `work` runs under the lock, and holds it until `release` is called. */
function holdLock(locks: ReturnType<typeof pipelineLocks>, pipeline: string) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const held = new Promise<void>((r) => (entered = r));
  const done = locks.exclusive(pipeline, async () => {
    entered();
    await released;
  });
  return { held, release, done };
}

forEachTarget('pipeline locks', (getCatalog, target) => {
  beforeEach(async () => {
    await resetCatalog(getCatalog().db);
  });

  it('lets one run of a pipeline in at a time and names the holder to the next', async () => {
    const locks = pipelineLocks(getCatalog());
    const first = holdLock(locks, 'licences');
    await first.held;
    const runId = await startRun(getCatalog().db, { pipeline: 'licences', trigger: 'test' });
    const second = locks.exclusive('licences', async () => 'ran');
    await expect(second).rejects.toMatchObject({
      code: 'HUB_ERR_PIPELINE_BUSY',
      details: { pipeline: 'licences', pid: process.pid, host: os.hostname(), run_id: runId },
    });
    await expect(second).rejects.toThrow(new RegExp(`pid ${process.pid} on .+ since \\d{4}-\\d\\d-\\d\\dT`));
    expect(await locks.isFree('licences')).toBe(false);
    // Other pipelines are not held up.
    await expect(locks.exclusive('qualifications', async () => 'ran')).resolves.toBe('ran');
    first.release();
    await first.done;
    expect(await locks.isFree('licences')).toBe(true);
    await expect(locks.exclusive('licences', async () => 'ran')).resolves.toBe('ran');
  });

  it('lets go of the lock when the work fails', async () => {
    const locks = pipelineLocks(getCatalog());
    await expect(locks.exclusive('licences', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await locks.isFree('licences')).toBe(true);
  });

  it('closes as interrupted the running rows whose pipeline lock is free, its own included, and leaves live runs alone', async () => {
    const { db } = getCatalog();
    const locks = pipelineLocks(getCatalog());
    const own = await startRun(db, { pipeline: 'licences', trigger: 'test' });
    const orphan = await startRun(db, { pipeline: 'matters', trigger: 'test' });
    const live = holdLock(locks, 'qualifications');
    await live.held;
    const alive = await startRun(db, { pipeline: 'qualifications', trigger: 'test' });
    const closed = await locks.exclusive('licences', () => closeInterruptedRuns(db, locks, 'licences'));
    expect(closed.sort()).toEqual([own, orphan].sort());
    for (const id of [own, orphan]) {
      const run = await getRun(db, id);
      expect(run).toMatchObject({ status: 'interrupted', finished_at: null, error: { code: 'HUB_ERR_RUN_INTERRUPTED' } });
    }
    expect((await getRun(db, alive))?.status).toBe('running');
    live.release();
    await live.done;
  });
});

const postgres = Boolean(process.env.ECERT_TEST_DATABASE_URL);
if (!postgres) console.warn('SKIPPED the Postgres half of pipeline-lock.test.ts: set ECERT_TEST_DATABASE_URL to run it');

describe.skipIf(!postgres)('pipeline locks between processes [postgres]', () => {
  let server: OpenTarget;
  // A second pool: to the server, sessions of another process.
  let other: Catalog;
  beforeAll(async () => {
    server = await openTarget('postgres');
    other = await openDatabase(server.config, { poolSize: 2 });
  });
  afterAll(async () => {
    await other?.close();
    await server?.dispose();
  });

  it('turns away another process with the holder read from the server, and loses the lock when the holder’s session dies', async () => {
    const mine = pipelineLocks(server.catalog);
    const theirs = pipelineLocks(other);
    const first = holdLock(theirs, 'licences');
    await first.held;
    const refused = mine.exclusive('licences', async () => 'ran');
    const error = await refused.catch((err: unknown) => err);
    expect(error).toMatchObject({
      code: 'HUB_ERR_PIPELINE_BUSY',
      details: { pid: process.pid, host: os.hostname(), backend_pid: expect.any(Number), started_at: expect.stringMatching(/^\d{4}-/) },
    });
    expect(await mine.isFree('licences')).toBe(false);
    // The holder's session ends as when its process dies: the server drops the lock with it.
    const backend = (error as { details: { backend_pid: number } }).details.backend_pid;
    await sql`select pg_terminate_backend(${backend})`.execute(server.catalog.db);
    await expect.poll(() => mine.isFree('licences'), { timeout: 5000 }).toBe(true);
    await expect(mine.exclusive('licences', async () => 'ran')).resolves.toBe('ran');
    first.release();
    await first.done;
  });
});
