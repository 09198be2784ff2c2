import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { ECERT_SOURCE_BIN } from '../cli-bundle.ts';
import { tempDir } from '../temp-dir.ts';
import { runCli } from './run-cli.ts';

const root = tempDir('source-bin');

// The other CLI tests run the suite's bundle of the same sources; this one runs what `npx ecert` runs.
describe('bin/ecert.js, the sources through tsx', () => {
  it('prints its version, creates a workspace and syncs it into the embedded store', () => {
    const version = runCli(['--version'], { bin: ECERT_SOURCE_BIN });
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });

    const ws = path.join(root, 'hub');
    expect(runCli(['init', ws], { bin: ECERT_SOURCE_BIN }).code).toBe(0);
    const sync = runCli(['sync', '--all', '--json', '-w', ws], { bin: ECERT_SOURCE_BIN });
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    const [run] = JSON.parse(sync.stdout) as { status: string; read: number; inserted: number }[];
    expect(run).toMatchObject({ status: 'succeeded' });
    expect(run!.inserted).toBeGreaterThan(0);
    expect(run!.inserted).toBe(run!.read);
  });
});
