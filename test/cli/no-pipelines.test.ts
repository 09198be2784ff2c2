import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.ts';
import { runCli } from './run-cli.ts';

const root = tempDir('no-pipelines');

function warningFor(ws: string): string {
  return `warning: no pipelines in ${path.join(ws, 'pipelines')}; run \`ecert init\` or add one\n`;
}

describe('a workspace without pipelines', () => {
  it('with an empty pipelines folder, sync --all and the listing commands warn instead of printing an empty table', () => {
    const ws = mkdtempSync(path.join(root, 'ws-'));
    mkdirSync(path.join(ws, 'pipelines'));
    for (const args of [['sync', '--all'], ['runs'], ['quarantine', 'list'], ['schedule', '--list']]) {
      const r = runCli([...args, '-w', ws]);
      expect(r, args.join(' ')).toEqual({ code: 0, stdout: '', stderr: warningFor(ws) });
    }
  }, 300_000);

  it('with no pipelines folder, sync --all --json warns and prints an empty list', () => {
    const ws = mkdtempSync(path.join(root, 'ws-'));
    expect(runCli(['sync', '--all', '--json', '-w', ws])).toEqual({ code: 0, stdout: '[]\n', stderr: warningFor(ws) });
  }, 120_000);
});
