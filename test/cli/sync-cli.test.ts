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
    expect(lines[0]).toContain('reason');

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
