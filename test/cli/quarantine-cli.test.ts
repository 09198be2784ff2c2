import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { licenceWorkspaces, rows as licenceRows, uscc } from '../pipelines/licence-workspace.ts';
import { runCli } from './run-cli.ts';

const licenceWorkspace = licenceWorkspaces();

describe('ecert quarantine, as a data engineer closes it', () => {
  it('a corrected file empties the export of fixed records; dismiss closes the rest with a reason', () => {
    const unmapped = { no: 'ZC1', name: '在册公司', id: uscc(501), status: '在册' };
    const broken = { no: 'BAD1', name: '坏公司', id: 'BADID1' };
    const ws = licenceWorkspace([...licenceRows(2), unmapped, broken]);
    const out = path.join(ws.dir, 'back.jsonl');
    const exported = () => {
      expect(runCli(['quarantine', 'export', '--format', 'jsonl', '--out', out, '-w', ws.dir]).code).toBe(0);
      return readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { record: Record<string, string> }).record.证照编号);
    };
    expect(runCli(['sync', 'licences', '-w', ws.dir]).code).toBe(0);
    ws.writeSource([...licenceRows(2), { ...unmapped, status: '有效' }, broken]);
    expect(runCli(['sync', 'licences', '-w', ws.dir]).code).toBe(0);
    expect(exported()).toEqual(['BAD1']);

    const dismiss = runCli(['quarantine', 'dismiss', '2', '--reason', 'licence withdrawn', '--json', '-w', ws.dir]);
    expect(dismiss.code).toBe(0);
    expect(JSON.parse(dismiss.stdout)).toEqual({ dismissed: [2], already_resolved: [] });
    expect(exported()).toEqual([]);

    const all = runCli(['quarantine', 'list', '--all', '-w', ws.dir]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/reloaded by run [0-9a-f-]{36}/);
    expect(all.stdout).toContain('dismissed: licence withdrawn');
  }, 240_000);
});
