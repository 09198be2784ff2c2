import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../catalog/database.ts';
import { getRun } from '../../catalog/run-repository.ts';
import { dryRunPipeline } from '../../pipelines/dry-run-pipeline.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { retryQuarantine } from '../../pipelines/retry-quarantine.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { captureLog } from '../capture-log.ts';
import { forEachTarget } from '../setup.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';
import { copyWorkspace } from './workspace-copy.ts';

const TYPES = [{ code: 'zj-tzzy', name: '建筑施工特种作业操作资格证书', holder_kind: 'person' as const }];

function workers(ws: string, yaml: (text: string) => string = (t) => t) {
  const file = path.join(ws, 'pipelines', 'workers.yaml');
  writeFileSync(file, yaml(readFileSync(file, 'utf8')));
  const [pipeline] = loadDefinitions(path.join(ws, 'pipelines')).pipelines;
  if (pipeline === undefined) throw new Error('pipeline did not load');
  return pipeline;
}

async function tableCounts(db: Kysely<Database>) {
  const count = async (table: 'certificates' | 'certificate_versions' | 'runs' | 'quarantine' | 'run_duplicates') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { certificates: await count('certificates'), versions: await count('certificate_versions'), runs: await count('runs'), quarantine: await count('quarantine'), duplicates: await count('run_duplicates') };
}

forEachTarget('sync output that adds up', (getCatalog) => {
  it('a dry run reports would-be inserted / updated / unchanged against the catalogue, summing to read, and writes nothing', async () => {
    const db = getCatalog().db;
    const ws = copyWorkspace('housing-workers');
    const pipeline = workers(ws);
    const opts = { db, workspace: ws, batchSize: 100, certificateTypes: TYPES };
    const sum = (r: { inserted: number; updated: number; unchanged: number; duplicates: number; quarantined: number }) =>
      r.inserted + r.updated + r.unchanged + r.duplicates + r.quarantined;

    const before = await tableCounts(db);
    const first = await dryRunPipeline(pipeline, opts);
    expect(first).toMatchObject({ read: 8, inserted: 3, updated: 0, unchanged: 0, duplicates: 3, quarantined: 2 });
    expect(sum(first)).toBe(first.read);
    expect(await tableCounts(db)).toEqual(before);

    await runPipeline(pipeline, opts);
    // The department corrects line 4's valid_until with a later timestamp.
    const file = path.join(ws, 'data', 'workers.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('建筑架子工,2023/5/8,2029-05-07,有效,2024-05-01 09:00:00\n浙A042023000103', '建筑架子工,2023/5/8,2031-05-07,有效,2024-06-01 09:00:00\n浙A042023000103'));
    const after = await tableCounts(db);
    const second = await dryRunPipeline(pipeline, { ...opts, fullRefresh: true });
    expect(second).toMatchObject({ read: 8, inserted: 0, updated: 1, unchanged: 2, duplicates: 3, quarantined: 2 });
    expect(sum(second)).toBe(second.read);
    expect(await tableCounts(db)).toEqual(after);
    const real = await runPipeline(pipeline, { ...opts, fullRefresh: true });
    expect(real).toMatchObject({ inserted: second.inserted, updated: second.updated, unchanged: second.unchanged });
  });

  it('a budget failure names the top reasons with an example line; the failure logs one line, the stack only at debug', async () => {
    const db = getCatalog().db;
    const ws = copyWorkspace('housing-workers');
    const pipeline = workers(ws, (t) => t.replace('max_invalid: 50%', 'max_invalid: 1'));
    const warn = captureLog('warn');
    const r = await runPipeline({ ...pipeline, name: 'workers-strict' }, { db, workspace: ws, batchSize: 100, certificateTypes: TYPES, logger: warn.logger });
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('HUB_ERR_ERROR_BUDGET');
    expect(r.error?.message).toContain('above max_invalid (1)');
    expect(r.error?.message).toMatch(/Top reasons: invalid_identifier 1 \(e\.g\. line 9: .*holder_id.*\); missing_field 1 \(e\.g\. line 10: .*issued_on/);
    const lines = warn.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: 'error', stage: 'transform', code: 'HUB_ERR_ERROR_BUDGET' });
    expect(lines[0]).not.toContain('stack');

    const debug = captureLog('debug');
    await runPipeline({ ...pipeline, name: 'workers-strict' }, { db, workspace: ws, batchSize: 100, certificateTypes: TYPES, logger: debug.logger });
    expect(debug.events().some((e) => e.event === 'error' && JSON.stringify(e).includes('"stack"'))).toBe(true);
  });

  it('a retry run reads every record it retried and counts those still failing as quarantined', async () => {
    const db = getCatalog().db;
    const ws = copyWorkspace('housing-workers');
    const pipeline = { ...workers(ws), name: 'workers-retry' };
    await runPipeline(pipeline, { db, workspace: ws, batchSize: 100, certificateTypes: TYPES });
    const report = await retryQuarantine(db, pipeline, { batchSize: 100, certificateTypes: TYPES });
    expect(report).toMatchObject({ retried: 2, fixed: 0, still_quarantined: 2 });
    expect(await getRun(db, report.run_id!)).toMatchObject({ trigger: 'retry', read: 2, quarantined: 2, inserted: 0 });
    await expectEveryRunAddsUp(db);
  });
});
