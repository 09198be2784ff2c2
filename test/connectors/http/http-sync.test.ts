import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { getState } from '../../../catalog/state-repository.ts';
import {
  DEPARTMENT_CERT_TYPE,
  DEPARTMENT_PIPELINE,
  type DepartmentApi,
  departmentPipelineYaml,
  departmentRecords,
  type Fault,
  startDepartmentApi,
} from '../../../examples/department-api.ts';
import type { PipelineDefinition } from '../../../pipelines/definition.ts';
import { loadDefinitions } from '../../../pipelines/load-definitions.ts';
import { runPipeline } from '../../../pipelines/run-pipeline.ts';
import { catalogueDigest } from '../../../bench/reliability/catalogue-digest.ts';
import { expectEveryRunAddsUp } from '../../pipelines/run-ledger.ts';
import { forEachTarget, resetCatalog } from '../../setup.ts';
import { tempDir } from '../../temp-dir.ts';

const dir = tempDir('http-sync');
const today = new Date('2026-11-26T00:00:00Z');
// Ten records a page, two pages a batch; short waits keep the faults fast. The timeout leaves room
// for the embedded store, which holds this process's event loop (and so the API's) while it loads.
const FAST = { pagination: { type: 'page', page_param: 'page', size_param: 'size', size: 10 }, timeout: '1s', retries: 2, backoff: '5ms', max_wait: '20ms' };
const FAULTS: [string, Fault][] = [
  ['500', { kind: 'status' }],
  ['429 with Retry-After', { kind: 'throttle', retryAfter: '0' }],
  ['a response slower than the timeout', { kind: 'slow', delayMs: 1300 }],
  ['truncated JSON', { kind: 'truncated' }],
  ['a connection reset', { kind: 'reset' }],
  ['a repeated page', { kind: 'duplicate' }],
];

forEachTarget('syncing from the department API', (getCatalog) => {
  const db = () => getCatalog().db;
  let api: DepartmentApi;

  beforeEach(async () => {
    await resetCatalog(db());
    api = await startDepartmentApi({ records: departmentRecords(60) });
  });
  afterEach(async () => {
    await api.close();
  });

  function pipeline(source: Record<string, unknown> = FAST): PipelineDefinition {
    const pipelines = path.join(dir, 'pipelines');
    mkdirSync(pipelines, { recursive: true });
    writeFileSync(path.join(pipelines, `${DEPARTMENT_PIPELINE}.yaml`), departmentPipelineYaml(source));
    const defs = loadDefinitions(pipelines, { DEPT_API_URL: api.url, DEPT_API_TOKEN: api.token });
    expect(defs.errors).toEqual([]);
    return defs.pipelines[0]!;
  }
  const run = (p = pipeline()) => runPipeline(p, { db: db(), workspace: dir, batchSize: 20, certificateTypes: [DEPARTMENT_CERT_TYPE], today });

  // The catalogue of a fault-free run: taken once per back end, the data being the same every time.
  let faultFree: Awaited<ReturnType<typeof catalogueDigest>> | undefined;
  async function faultFreeDigest() {
    if (faultFree) return faultFree;
    expect(await run()).toMatchObject({ status: 'succeeded', read: 60, inserted: 60, quarantined: 0 });
    faultFree = await catalogueDigest(db());
    await resetCatalog(db());
    return faultFree;
  }

  it('retries every fault class and loads what a fault-free run loads', async () => {
    const expected = await faultFreeDigest();
    FAULTS.forEach(([, fault], i) => api.inject(fault, { at: 1 + 2 * i }));
    expect(await run()).toMatchObject({ status: 'succeeded', read: 60, inserted: 60 });
    expect(await catalogueDigest(db())).toEqual(expected);
    expect(api.requests.filter((r) => r.status !== 200)).toHaveLength(3);
  });

  it.each(FAULTS)('a run failing on %s keeps the pages before it, stops the cursor there, and the next run loads the rest once', async (_name, fault) => {
    const expected = await faultFreeDigest();
    // Pages 1–2 are batch 1; page 3 is read; page 4 fails all three attempts.
    api.inject(fault, { at: 4, times: 3 });
    const failed = await run();
    expect(failed).toMatchObject({ status: 'failed', read: 20, inserted: 20 });
    expect(failed.error?.code).toBe('HUB_ERR_SOURCE_HTTP');
    expect(failed.error?.message).toMatch(/page=4&size=10 failed after 3 attempts/);
    expect(failed.error?.message).not.toContain(api.token);
    const state = await getState(db(), DEPARTMENT_PIPELINE);
    expect(state).toMatchObject({ position: { line: 20, next: 3 }, complete: false, max: [api.records[19]!.updated_at, 20] });

    api.requests.length = 0;
    expect(await run()).toMatchObject({ status: 'succeeded', read: 40, inserted: 40 });
    expect(api.requests[0]!.params.page).toBe('3');
    expect(await catalogueDigest(db())).toEqual(expected);
    await expectEveryRunAddsUp(db());
  });

  it('loads late rows inside lag on the next run and shows rows changed in place as updated', async () => {
    expect(await run()).toMatchObject({ status: 'succeeded', inserted: 60 });
    const newest = Date.parse(api.records.at(-1)!.updated_at);
    const at = (minutes: number) => new Date(newest + minutes * 60_000).toISOString();
    const [template] = departmentRecords(1);
    api.insert({ ...template!, company_name: '迟到的记录有限公司', updated_at: at(-5) });
    api.insert({ ...template!, company_name: '太迟的记录有限公司', updated_at: at(-20) });
    api.update(10, { state: '注销' }, at(1));
    api.requests.length = 0;

    const second = await run();
    expect(second).toMatchObject({ status: 'succeeded', inserted: 1, updated: 1, quarantined: 0 });
    expect(api.requests[0]!.params.updated_since).toBe(at(-10));
    // Older than floor − lag: the limit of a cursor sync, caught by a periodic replace snapshot.
    const names = await db().selectFrom('certificates').select('holder_name').where('holder_name', 'like', '%记录有限公司').execute();
    expect(names.map((n) => n.holder_name)).toEqual(['迟到的记录有限公司']);
    const cancelled = await db().selectFrom('certificates').select(['cert_number', 'status', 'version']).where('cert_number', '=', 'D000000010').executeTakeFirst();
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 2 });
    await expectEveryRunAddsUp(db());
  });

  it('picks up, on the next run, a record committed behind the pages already read during a sync', async () => {
    // The seventh request is past the last page; the late record lands five minutes behind the newest served.
    api.inject({ kind: 'insert_behind' }, { at: 7 });
    const first = await run();
    expect(first).toMatchObject({ status: 'succeeded', inserted: 60 });
    expect(api.records).toHaveLength(61);
    const second = await run();
    expect(second).toMatchObject({ status: 'succeeded', inserted: 1, updated: 0 });
    expect((await db().selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toEqual(61);
    await expectEveryRunAddsUp(db());
  });
});
