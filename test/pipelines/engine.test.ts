import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { certificatesByHolder } from '../../catalog/certificate-repository.ts';
import { listQuarantine } from '../../catalog/quarantine-repository.ts';
import { getRun } from '../../catalog/run-repository.ts';
import { usccCheck } from '../../schemas/formats/uscc.ts';
import type { PipelineDefinition } from '../../pipelines/definition.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { retryQuarantine } from '../../pipelines/retry-quarantine.ts';
import { dryRunPipeline } from '../../pipelines/dry-run-pipeline.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { tempDir } from '../temp-dir.ts';

const today = new Date('2026-11-23T12:00:00+08:00');
const root = tempDir('engine');
const TYPES = [{ code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' as const }];
const ISSUER = '11310104P3MPWH2J5W';

function uscc(n: number): string {
  const first17 = `91310104${String(n).padStart(9, '0')}`;
  return first17 + usccCheck(first17);
}

interface Row {
  no: string;
  name: string;
  id: string;
  status?: string;
  until?: string;
  updated?: string;
}

function csv(rows: Row[]): string {
  const head = '证照编号,企业名称,统一社会信用代码,发证日期,有效期至,状态,更新时间';
  const lines = rows.map((r) => [r.no, r.name, r.id, '2020-01-02', r.until ?? '长期', r.status ?? '有效', r.updated ?? '2024-01-01 00:00:00'].join(','));
  return `${[head, ...lines].join('\n')}\n`;
}

function pipelineYaml(extra = ''): string {
  return `name: licences
entity: certificate
source:
  connector: csv
  path: ./data/licences.csv
defaults:
  cert_type_code: scjg-yyzz
  holder_kind: organisation
  issuer_code: "${ISSUER}"
mapping:
  cert_number: 证照编号
  holder_name: 企业名称
  holder_id: 统一社会信用代码
  issued_on: 发证日期
  valid_until: 有效期至
  status: 状态
  source_updated_at: 更新时间
${extra}`;
}

function workspace(rows: Row[], extra = ''): { dir: string; pipeline: () => PipelineDefinition } {
  const dir = mkdtempSync(path.join(root, 'ws-'));
  mkdirSync(path.join(dir, 'pipelines'));
  mkdirSync(path.join(dir, 'data'));
  writeFileSync(path.join(dir, 'data', 'licences.csv'), csv(rows));
  writeFileSync(path.join(dir, 'pipelines', 'licences.yaml'), pipelineYaml(extra));
  return {
    dir,
    pipeline: () => {
      const loaded = loadDefinitions(path.join(dir, 'pipelines'));
      expect(loaded.errors).toEqual([]);
      return loaded.pipelines[0]!;
    },
  };
}

const rows = (n: number, from = 0): Row[] => Array.from({ length: n }, (_, i) => ({ no: `YYZZ${from + i}`, name: `公司${from + i}`, id: uscc(from + i) }));

forEachTarget('pipeline engine', (getCatalog) => {
  const db = () => getCatalog().db;
  const run = (ws: { dir: string; pipeline: () => PipelineDefinition }, opts: { batchSize?: number; fullRefresh?: boolean } = {}) =>
    runPipeline(ws.pipeline(), { db: db(), workspace: ws.dir, batchSize: opts.batchSize ?? 5000, certificateTypes: TYPES, today, fullRefresh: opts.fullRefresh });
  const dryRun = (ws: { dir: string; pipeline: () => PipelineDefinition }, opts: { batchSize?: number } = {}) =>
    dryRunPipeline(ws.pipeline(), { db: db(), workspace: ws.dir, batchSize: opts.batchSize ?? 5000, certificateTypes: TYPES, today });

  beforeEach(async () => {
    await resetCatalog(db());
  });

  it('keeps the accounting invariant across many small batches and stores it on the run row', async () => {
    const bad = { no: 'BAD', name: '坏公司', id: '91310104000000000X' };
    const ws = workspace([...rows(23), bad]);
    const r = await run(ws, { batchSize: 5 });
    expect(r).toMatchObject({ status: 'succeeded', read: 24, inserted: 23, quarantined: 1 });
    const stored = await getRun(db(), r.run_id);
    expect(stored).toMatchObject({ read: 24, inserted: 23, quarantined: 1, status: 'succeeded' });
  });

  it('a dry run counts without writing', async () => {
    const ws = workspace(rows(5));
    const r = await dryRun(ws);
    expect(r).toMatchObject({ status: 'succeeded', read: 5, valid: 5, quarantined: 0 });
    expect(await certificatesByHolder(db(), uscc(0))).toHaveLength(0);
  });

  it('fails the run once max_invalid is exceeded, keeping earlier batches and the cursor where it was', async () => {
    const bad = (i: number) => ({ no: `BAD${i}`, name: '坏', id: `BADID${i}` });
    const ws = workspace([...rows(10), bad(1), bad(2), bad(3), bad(4), bad(5), ...rows(5, 10)], 'max_invalid: 3\n');
    expect(await dryRun(ws, { batchSize: 10 }), 'a dry run stops where the sync would').toMatchObject({
      status: 'failed',
      read: 10,
      error: { code: 'HUB_ERR_ERROR_BUDGET' },
    });
    const r = await run(ws, { batchSize: 10 });
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('HUB_ERR_ERROR_BUDGET');
    expect(r.inserted).toBe(10);
    expect(await certificatesByHolder(db(), uscc(10))).toHaveLength(0);
    expect((await getRun(db(), r.run_id))?.status).toBe('failed');
  });

  it('on_invalid: fail stops at the first invalid record and names its line and field', async () => {
    const ws = workspace([...rows(2), { no: 'X1', name: '坏', id: '123' }], 'on_invalid: fail\n');
    const r = await run(ws);
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('HUB_ERR_INVALID_RECORD');
    expect(r.error?.message).toMatch(/line 4/);
    expect(r.error?.message).toMatch(/holder_id/);
    expect(await certificatesByHolder(db(), uscc(0))).toHaveLength(0);
  });

  it('replace marks certificates missing from a full snapshot as cancelled', async () => {
    const ws = workspace(rows(4), 'write_disposition: replace\n');
    expect(await run(ws)).toMatchObject({ inserted: 4 });
    writeFileSync(path.join(ws.dir, 'data', 'licences.csv'), csv(rows(3)));
    const second = await run(ws);
    expect(second).toMatchObject({ status: 'succeeded', unchanged: 3, cancelled: 1 });
    const [gone] = await certificatesByHolder(db(), uscc(3));
    expect(gone?.status).toBe('cancelled');
  });

  it('an incremental pipeline skips records behind its cursor, and --full-refresh reads everything', async () => {
    const dated = rows(4).map((r, i) => ({ ...r, updated: `2024-01-0${i + 1} 00:00:00` }));
    const ws = workspace(dated, 'incremental:\n  cursor: [更新时间, 证照编号]\n');
    expect(await run(ws)).toMatchObject({ read: 4, inserted: 4 });
    writeFileSync(path.join(ws.dir, 'data', 'licences.csv'), csv([...dated, { no: 'NEW', name: '新公司', id: uscc(99), updated: '2024-02-01 00:00:00' }]));
    expect(await dryRun(ws), 'a dry run starts where the next sync would').toMatchObject({ read: 1, valid: 1, skipped: 4 });
    expect(await run(ws)).toMatchObject({ read: 1, inserted: 1, skipped: 4 });
    expect(await run(ws, { fullRefresh: true })).toMatchObject({ read: 5, unchanged: 5, skipped: 0 });
  });

  it('quarantine retry loads records once the mapping is fixed and resolves their rows', async () => {
    const ws = workspace([...rows(3), { no: 'Z1', name: '在册公司', id: uscc(50), status: '在册' }]);
    const first = await run(ws);
    expect(first).toMatchObject({ inserted: 3, quarantined: 1 });
    const [q] = await listQuarantine(db(), { unresolvedOnly: true });
    expect(q).toMatchObject({ reason: 'invalid_code', line: 5 });

    const unfixed = await retryQuarantine(db(), ws.pipeline(), { batchSize: 100, certificateTypes: TYPES, today });
    expect(unfixed).toMatchObject({ retried: 1, fixed: 0, still_quarantined: 1 });

    writeFileSync(path.join(ws.dir, 'pipelines', 'licences.yaml'), pipelineYaml('status_map:\n  在册: valid\n'));
    const fixed = await retryQuarantine(db(), ws.pipeline(), { batchSize: 100, certificateTypes: TYPES, today });
    expect(fixed).toMatchObject({ retried: 1, fixed: 1, inserted: 1, still_quarantined: 0 });
    expect(await listQuarantine(db(), { unresolvedOnly: true })).toHaveLength(0);
    const [loaded] = await certificatesByHolder(db(), uscc(50));
    expect(loaded?.status).toBe('valid');
    expect((await getRun(db(), fixed.run_id!))?.inserted).toBe(1);
  });
});
