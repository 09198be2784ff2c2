import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'ecert.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `ecert` executable, as a user would, on the embedded store unless env says otherwise. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): CliResult {
  const env = { ...process.env, ECERT_DATABASE_URL: '', ...options.env };
  const r = spawnSync(process.execPath, [BIN, ...args], { env, input: options.input ?? '', cwd: options.cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
