import { spawnSync } from 'node:child_process';
import { ECERT_BIN } from '../cli-bundle.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `ecert` command line in its own process, as a user would (the suite's bundle of the
 * sources unless `bin` names another), on the embedded store unless env says otherwise.
 */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; bin?: string } = {}): CliResult {
  const env = { ...process.env, ECERT_DATABASE_URL: '', ...options.env };
  const r = spawnSync(process.execPath, [options.bin ?? ECERT_BIN, ...args], { env, input: options.input ?? '', cwd: options.cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
