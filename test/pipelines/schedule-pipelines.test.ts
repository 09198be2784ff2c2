import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { upsertCertificateTypes } from '../../catalog/certificate-type-repository.ts';
import { pipelineLocks } from '../../catalog/pipeline-lock.ts';
import { startRun } from '../../catalog/run-repository.ts';
import { loadWorkspaceSettings } from '../../core/config.ts';
import { createLogger } from '../../core/log.ts';
import type { PipelineDefinition } from '../../pipelines/definition.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { runScheduled } from '../../pipelines/run-exclusively.ts';
import { nextRuns, schedulePipelines } from '../../pipelines/schedule-pipelines.ts';
import { licenceWorkspace } from '../../bench/reliability/licence-workspace.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';

interface Line {
  event?: string;
  pipeline?: string;
  status?: string;
  reason?: string;
  attempt?: number;
  tick?: string;
  run_id?: string;
}

/** A logger whose lines are kept, and a promise for the first line that `until` accepts. */
function capture(until: (l: Line) => boolean) {
  const lines: Line[] = [];
  let seen!: () => void;
  const reached = new Promise<void>((r) => (seen = r));
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) {
        const line = JSON.parse(text) as Line;
        lines.push(line);
        if (until(line)) seen();
      }
      done();
    },
  });
  return { lines, reached, logger: createLogger({ level: 'info', destination }) };
}

forEachTarget('the scheduler', (getCatalog) => {
  let workspace: string;
  let licences: PipelineDefinition;
  beforeAll(() => {
    workspace = licenceWorkspace(1500);
    licences = loadDefinitions(path.join(workspace, 'pipelines')).pipelines[0]!;
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));
  beforeEach(async () => {
    await resetCatalog(getCatalog().db);
    await upsertCertificateTypes(getCatalog().db, loadWorkspaceSettings(workspace).certificate_types);
  });

  function start(pipelines: PipelineDefinition[], until: (l: Line) => boolean, batchSize = 100) {
    const stop = new AbortController();
    const log = capture(until);
    const done = schedulePipelines(getCatalog().db, pipelines, {
      locks: pipelineLocks(getCatalog()),
      signal: stop.signal,
      logger: log.logger,
      workspace,
      batchSize,
      certificateTypes: loadWorkspaceSettings(workspace).certificate_types,
      retryDelayMs: 20,
    });
    return { ...log, stop: async () => (stop.abort('SIGTERM'), done) };
  }

  it('runs an every-second schedule as scheduled runs that never overlap, skipping ticks while a run goes on', { timeout: 30_000 }, async () => {
    let finished = 0;
    const s = start([{ ...licences, schedule: '* * * * * *' }], (l) => l.event === 'schedule_run' && l.status === 'succeeded' && ++finished === 2, 5);
    await s.reached;
    await s.stop();
    const runs = await getCatalog().db.selectFrom('runs').selectAll().orderBy('started_at').execute();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.trigger))).toEqual(new Set(['schedule']));
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.started_at.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finished_at!.getTime());
    // The first run loads everything, the others find it unchanged: no double load.
    expect(runs.slice(1).every((r) => Number(r.inserted) === 0)).toBe(true);
    // A run that spans more than a second spans a tick, and that tick is skipped, not queued. How long
    // a run of 1,500 records in batches of 5 takes depends on the machine, so the check follows it.
    const spansATick = runs.some((r) => r.finished_at!.getTime() - r.started_at.getTime() > 1000);
    if (spansATick) expect(s.lines.some((l) => l.status === 'skipped' && l.reason === 'still_running')).toBe(true);
    expect(s.lines.filter((l) => l.status === 'succeeded').map((l) => l.run_id)).toEqual(runs.filter((r) => r.status === 'succeeded').map((r) => r.id));
  });

  it('retries a failed run `retries` times, then waits for the next tick', { timeout: 20_000 }, async () => {
    const broken = { ...licences, schedule: '* * * * * *', retries: 2, source: { ...licences.source, path: './data/missing.csv' } };
    const s = start([broken], (l) => l.event === 'schedule_run' && l.attempt === 3);
    await s.reached;
    await s.stop();
    const failed = s.lines.filter((l) => l.event === 'schedule_run' && l.status === 'failed');
    expect(failed.slice(0, 3).map((l) => [l.attempt, l.tick])).toEqual([1, 2, 3].map((a) => [a, failed[0]!.tick]));
    expect(failed.every((l) => (l.attempt ?? 0) <= 3)).toBe(true);
    const runs = await getCatalog().db.selectFrom('runs').select(['status', 'trigger']).execute();
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((r) => r.status === 'failed' && r.trigger === 'schedule')).toBe(true);
  });

  it('does not run a tick again that another scheduler has already run', async () => {
    const tick = new Date(Date.now() - 1000);
    const opts = {
      db: getCatalog().db,
      locks: pipelineLocks(getCatalog()),
      workspace,
      batchSize: 500,
      certificateTypes: loadWorkspaceSettings(workspace).certificate_types,
    };
    await startRun(getCatalog().db, { pipeline: 'licences', trigger: 'manual' });
    const ran = await runScheduled(licences, { ...opts, since: tick });
    expect(ran).toMatchObject({ status: 'succeeded' });
    expect(await runScheduled(licences, { ...opts, since: tick })).toBeUndefined();
    const runs = await getCatalog().db.selectFrom('runs').select(['trigger', 'status']).orderBy('started_at').execute();
    // The manual run left `running` was closed as interrupted under the lock; one scheduled run.
    expect(runs).toEqual([
      { trigger: 'manual', status: 'interrupted' },
      { trigger: 'schedule', status: 'succeeded' },
    ]);
  });

  it('skips a tick while a sync holds the pipeline, without queueing it', { timeout: 20_000 }, async () => {
    const locks = pipelineLocks(getCatalog());
    let release!: () => void;
    const held = locks.exclusive('licences', () => new Promise<void>((r) => (release = r)));
    let skips = 0;
    const s = start([{ ...licences, schedule: '* * * * * *' }], (l) => l.status === 'skipped' && ++skips === 2);
    await s.reached;
    release();
    await held;
    await s.stop();
    expect(s.lines.filter((l) => l.status === 'skipped').slice(0, 2).map((l) => l.reason)).toEqual(['busy', 'busy']);
  });
});

it('reads schedules in Asia/Shanghai unless the pipeline names a time zone', () => {
  const base = { schedule: '0 0 9 * * *', name: 'a' } as PipelineDefinition;
  const from = new Date('2026-03-01T00:00:00Z');
  const [shanghai] = nextRuns([{ ...base, timezone: 'Asia/Shanghai' }], from);
  const [utc] = nextRuns([{ ...base, timezone: 'UTC' }], from);
  expect(shanghai?.next?.toISOString()).toBe('2026-03-01T01:00:00.000Z');
  expect(utc?.next?.toISOString()).toBe('2026-03-01T09:00:00.000Z');
  expect(nextRuns([{ ...base, schedule: undefined }], from)).toEqual([]);
});

it('reports a schedule that is not cron and an unknown time zone, naming the field', () => {
  const dir = licenceWorkspace(1);
  try {
    const file = path.join(dir, 'pipelines', 'licences.yaml');
    writeFileSync(file, `${readFileSync(file, "utf8")}schedule: "61 * * * *"\ntimezone: Mars/Olympus\n`);
    const loaded = loadDefinitions(path.join(dir, 'pipelines'));
    expect(loaded.errors.map((e) => [e.path, e.message])).toEqual([
      ['timezone', '"Mars/Olympus" is not an IANA time zone like Asia/Shanghai'],
      ['schedule', expect.stringContaining('"61 * * * *" is not a cron expression')],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
