import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyWorkspace } from '../pipelines/workspace-copy.ts';
import { runCli } from './run-cli.ts';

describe('sync --all with one pipeline file that does not parse', () => {
  let ws: string | undefined;
  afterEach(() => {
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it('reports the file, runs the other pipelines and exits 1', () => {
    ws = copyWorkspace('dirty-workspace');
    const file = path.join(ws, 'pipelines', 'matters.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n  bad: [unclosed\n`);
    const r = runCli(['sync', '--all', '--json', '-w', ws]);
    expect(r.stderr).toMatch(/matters\.yaml: .*\(pipeline file skipped\)/);
    expect(r.code).toBe(1);
    const reports = JSON.parse(r.stdout) as { pipeline: string; status: string }[];
    expect(reports.map((x) => [x.pipeline, x.status])).toEqual([
      ['licences', 'succeeded'],
      ['qualifications', 'succeeded'],
    ]);
  });
});
