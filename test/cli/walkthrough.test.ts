import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.ts';
import { type CliResult, runCli } from './run-cli.ts';

const README = path.resolve(import.meta.dirname, '..', '..', 'README.md');

/** The shell lines between the walkthrough markers of the README, without comments or blank lines. */
function walkthroughLines(): string[] {
  const text = readFileSync(README, 'utf8');
  const block = /<!-- walkthrough:start -->([\s\S]*?)<!-- walkthrough:end -->/.exec(text)?.[1];
  if (block === undefined) throw new Error('README.md has no walkthrough block');
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('```'));
}

describe('the README walkthrough for data engineers, run as written on a clean folder', () => {
  const root = tempDir('walkthrough');

  it('creates a workspace whose first sync inserts the sample, then answers a lookup from it', () => {
    const lines = walkthroughLines();
    expect(lines[0]).toMatch(/^npx ecert init /);
    expect(lines).toContain('npx ecert sync --all');
    let cwd = root;
    const results = new Map<string, CliResult>();
    for (const line of lines) {
      const [program, ...args] = line.split(/\s+/);
      if (program === 'cd') {
        cwd = path.resolve(cwd, args[0]!);
        continue;
      }
      expect(`${program} ${args[0]}`, line).toBe(`npx ecert`);
      const result = runCli(args.slice(1), { cwd, env: { ECERT_WORKSPACE: undefined } });
      expect(result.code, `${line}\n${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stderr, line).toBe('');
      results.set(args.slice(1, 3).join(' '), result);
    }
    expect(results.get('init my-hub')!.stdout).toContain('data/licences.csv');
    expect(results.get('sync --all')!.stdout).toMatch(/business-licences\s+succeeded\s+5\s+5\s+0\s+0\s+0\s+0\s/);
    expect(results.get('lookup 91330502MA2B3C4D1U')!.stdout).toContain('1 certificate');
  }, 300_000);
});
