import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { ECERT_BIN } from '../cli-bundle.ts';


export interface SchedulerProcess {
  proc: ChildProcessWithoutNullStreams;
  /** The JSON log lines so far. */
  lines(): Record<string, unknown>[];
  stderr(): string;
  /** Resolves with the first log line that `match` accepts. */
  waitFor(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** `ecert schedule -w workspace` as a child process whose log lines the test can wait on; the caller stops it. */
export function startScheduler(workspace: string, env: NodeJS.ProcessEnv): SchedulerProcess {
  const proc = spawn(process.execPath, [ECERT_BIN, 'schedule', '-w', workspace], {
    // The test runner silences logs; the scheduler's lines are what the tests read.
    env: { ...process.env, ECERT_DATABASE_URL: '', ECERT_LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  const lines: Record<string, unknown>[] = [];
  const waiting: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let partial = '';
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) {
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const w of waiting.filter((x) => x.match(line))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  proc.stdout.resume();
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  return {
    proc,
    lines: () => lines,
    stderr: () => stderr,
    waitFor: (match) => {
      const found = lines.find(match);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiting.push({ match, resolve }));
    },
    exited,
  };
}
