import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../catalog/open-database.ts';
import { acquireStoreLock } from '../../catalog/store-lock.ts';
import { tempDir } from '../temp-dir.ts';

const root = tempDir('lock');
const started: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Contender {
  child: ChildProcessWithoutNullStreams;
  nextLine(): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs test/catalog/lock-contender.ts in its own process (see there for its modes). */
function startContender(args: string[]): Contender {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/catalog/lock-contender.ts'), ...args]);
  started.push(child);
  const pending: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const resolve = waiting.shift();
    if (resolve) resolve(line);
    else pending.push(line);
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const gone = exited.then(() => Promise.reject(new Error(`lock contender exited early: ${stderr}`)));
  gone.catch(() => {});
  return {
    child,
    nextLine() {
      const line = pending.shift();
      return line !== undefined ? Promise.resolve(line) : Promise.race([new Promise<string>((resolve) => waiting.push(resolve)), gone]);
    },
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) {
        if (signal) child.kill(signal);
        else child.stdin.end();
      }
      await exited;
    },
  };
}

/** Store folders whose locks were taken by a process that then died without releasing them. */
async function staleLocks(dirs: string[]): Promise<void> {
  const holder = startContender(['hold', ...dirs]);
  expect(await holder.nextLine()).toBe('held');
  await holder.stop('SIGKILL');
  for (const dir of dirs) expect(readdirSync(dir)).not.toEqual([]);
}

const ownLock = (storeDir: string) => path.join(storeDir, `store#${process.pid}.lock`);

describe('embedded store lock', () => {
  it('refuses a second open of the same store with HUB_ERR_STORE_BUSY, and allows it after close', async () => {
    const storeDir = path.join(root, 'a', '.ecert');
    const first = await openDatabase({ storeDir }, { migrate: true });
    expect(existsSync(ownLock(storeDir))).toBe(true);
    await expect(openDatabase({ storeDir })).rejects.toMatchObject({ code: 'HUB_ERR_STORE_BUSY', transient: true });
    await first.close();
    await first.close();
    expect(existsSync(ownLock(storeDir))).toBe(false);
    const second = await openDatabase({ storeDir });
    await second.close();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const storeDir = path.join(root, 'b');
    await staleLocks([storeDir]);
    const release = acquireStoreLock(storeDir);
    expect(readdirSync(storeDir)).toEqual([path.basename(ownLock(storeDir))]);
    release();
    expect(readdirSync(storeDir)).toEqual([]);
  });

  it('treats a lock held by another live process as busy', async () => {
    const storeDir = path.join(root, 'c');
    const holder = startContender(['hold', storeDir]);
    expect(await holder.nextLine()).toBe('held');
    expect(() => acquireStoreLock(storeDir)).toThrow(expect.objectContaining({ code: 'HUB_ERR_STORE_BUSY' }));
    await holder.stop('SIGKILL');
  });

  it('is refused to another process while this one holds the store', async () => {
    const storeDir = path.join(root, 'd');
    const release = acquireStoreLock(storeDir);
    const racer = startContender(['race', storeDir]);
    expect(await racer.nextLine()).toBe('ready');
    racer.child.stdin.write('. 0\n');
    expect(await racer.nextLine()).toBe('. HUB_ERR_STORE_BUSY');
    await racer.stop();
    release();
  });

  it('lets exactly one of two processes take a stale lock that both find at the same time', async () => {
    const rounds = Array.from({ length: 50 }, (_, i) => String(i));
    await staleLocks(rounds.map((round) => path.join(root, 'race', round)));
    const racers = [startContender(['race', path.join(root, 'race')]), startContender(['race', path.join(root, 'race')])];
    for (const racer of racers) expect(await racer.nextLine()).toBe('ready');
    const contested: string[] = [];
    for (const round of rounds) {
      const at = Date.now() + 30;
      for (const racer of racers) racer.child.stdin.write(`${round} ${at}\n`);
      const outcomes = await Promise.all(racers.map((racer) => racer.nextLine()));
      for (const outcome of outcomes) expect(outcome).toMatch(new RegExp(`^${round} (acquired|HUB_ERR_STORE_BUSY)$`));
      const winners = outcomes.filter((outcome) => outcome.endsWith(' acquired')).length;
      if (winners !== 1) contested.push(`round ${round}: ${winners} winners`);
    }
    await Promise.all(racers.map((racer) => racer.stop()));
    expect(contested).toEqual([]);
  });
});
