import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ECERT_BIN } from '../cli-bundle.ts';


export interface ServeProcess {
  child: ChildProcessByStdio<null, null, Readable>;
  /** The URL it logged once listening. */
  url: string;
  /** Everything it wrote to stderr so far (its JSON log lines). */
  stderr(): string;
}

/** `ecert serve --port 0 …args` as a child process, once it logs that it listens; the caller stops it. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(process.execPath, [ECERT_BIN, 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (found?.[1]) resolve(found[1]);
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}
