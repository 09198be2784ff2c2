import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyWorkspace } from '../pipelines/workspace-copy.ts';
import { runCli } from './run-cli.ts';

describe('ecert sync and friends, as a data engineer runs them', () => {
  it('syncs a workspace, prints JSON per pipeline, lists runs and exports the quarantine', () => {
    const ws = copyWorkspace('dirty-workspace');
    const sync = runCli(['sync', '--all', '--json', '-w', ws]);
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    const reports = JSON.parse(sync.stdout) as { pipeline: string; status: string; read: number }[];
    expect(reports.map((r) => [r.pipeline, r.status])).toEqual([
      ['licences', 'succeeded'],
      ['matters', 'succeeded'],
      ['qualifications', 'succeeded'],
    ]);
    for (const key of ['run_id', 'read', 'inserted', 'updated', 'unchanged', 'duplicates', 'quarantined', 'duration_ms']) {
      expect(reports[0]).toHaveProperty(key);
    }

    const runs = runCli(['runs', '--json', '-w', ws]);
    expect(runs.code).toBe(0);
    expect(JSON.parse(runs.stdout)).toHaveLength(3);

    const list = runCli(['quarantine', 'list', '--pipeline', 'licences', '--reason', 'invalid_date', '-w', ws]);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(4);

    const out = path.join(ws, 'back-to-department.csv');
    const exp = runCli(['quarantine', 'export', '--format', 'csv', '--out', out, '--pipeline', 'licences', '-w', ws]);
    expect(exp.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(37);
    expect(lines[0]).toContain('统一社会信用代码');
    expect(lines[0]).toContain('问题说明');

    const show = runCli(['quarantine', 'show', '1', '-w', ws]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('raw payload');
  });

  it('names file, line and field of a pipeline error, with exit 2', () => {
    const ws = copyWorkspace('dirty-workspace');
    const file = path.join(ws, 'pipelines', 'licences.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  encoding: gb18030', '  encodng: gb18030'));
    const r = runCli(['sync', 'licences', '-w', ws]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/licences\.yaml:6: source\.encodng: is not a field of this schema/);
  });

  it('exits 2 on bad usage and for an unknown pipeline', () => {
    const ws = copyWorkspace('dirty-workspace');
    expect(runCli(['sync', '-w', ws]).code).toBe(2);
    const unknown = runCli(['sync', 'nope', '-w', ws]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('known: licences, matters, qualifications');
  });

  it('refuses to let an emptied replace snapshot cancel everything, unless --allow-mass-cancel', () => {
    const ws = copyWorkspace('dirty-workspace');
    const definition = path.join(ws, 'pipelines', 'licences.yaml');
    writeFileSync(definition, readFileSync(definition, 'utf8').replace('write_disposition: merge', 'write_disposition: replace'));
    expect(runCli(['sync', 'licences', '-w', ws]).code).toBe(0);
    const data = path.join(ws, 'data', 'licences.csv');
    const bytes = readFileSync(data);
    writeFileSync(data, bytes.subarray(0, bytes.indexOf(0x0a) + 1));

    const refused = runCli(['sync', 'licences', '-w', ws]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/HUB_ERR_SNAPSHOT_SHRANK: the snapshot has no records, so it would cancel all \d+ of the pipeline's \d+ certificates/);
    const forced = runCli(['sync', 'licences', '--allow-mass-cancel', '--json', '-w', ws]);
    expect(forced.code).toBe(0);
    const [report] = JSON.parse(forced.stdout) as { status: string; cancelled: number }[];
    expect(report).toMatchObject({ status: 'succeeded' });
    expect(report!.cancelled).toBeGreaterThan(300);
  });

  it('check-source reports what the first batch would give without writing', () => {
    const ws = copyWorkspace('dirty-workspace');
    const r = runCli(['check-source', 'licences', '--json', '-w', ws]);
    expect(r.code).toBe(0);
    const check = JSON.parse(r.stdout) as { ok: boolean; unmapped_columns: string[]; sample: { read: number } };
    expect(check.ok).toBe(true);
    expect(check.unmapped_columns).toEqual(['住所', '法定代表人']);
    expect(check.sample.read).toBe(406);
  });
});
