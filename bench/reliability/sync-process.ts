import { spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'ecert.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Child {
  pid: number;
  /** The application_name of its pool connections, to find its sessions in pg_stat_activity. */
  tag: string;
  kill(signal: NodeJS.Signals): void;
  done: Promise<Exit>;
}

export interface SyncProcessOptions {
  batchSize: number;
  /** The ecert executable run with node: bin/ecert.js unless given (the test suite runs its bundle of the same sources). */
  bin?: string | undefined;
}

/** `ecert sync licences --json` on the catalogue at `url`, as a child process. */
export function startSync(workspace: string, url: string, tag: string, { batchSize, bin = BIN }: SyncProcessOptions): Child {
  const proc = spawn(process.execPath, [bin, 'sync', 'licences', '--json', '-w', workspace], {
    env: { ...process.env, ECERT_DATABASE_URL: url, ECERT_BATCH_SIZE: String(batchSize), PGAPPNAME: tag, ECERT_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Exit>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { pid: proc.pid!, tag, kill: (s) => proc.kill(s), done };
}

/** Polls `probe` every 10 ms until it returns a value. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
