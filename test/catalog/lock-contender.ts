import path from 'node:path';
import { createInterface } from 'node:readline';
import { acquireStoreLock } from '../../catalog/store-lock.ts';

/**
 * A separate process for the store-lock tests. `hold <dir>…` takes the lock of every store
 * folder, reports `held` and waits to be killed. `race <root>` reports `ready`, then for each
 * line `<name> <time>` on stdin waits (spinning, for a sharp start) until the epoch
 * millisecond `<time>`, tries the lock of `<root>/<name>` and reports `<name> acquired` or
 * `<name> <error code>`. Locks it wins are kept until stdin closes, so
 * that a slower contender cannot find them free.
 */
const [mode, ...args] = process.argv.slice(2);

if (mode === 'hold') {
  for (const dir of args) acquireStoreLock(dir);
  process.stdout.write('held\n');
  setInterval(() => {}, 60_000);
} else if (mode === 'race' && args[0] !== undefined) {
  const root = args[0];
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [name = '', at = '0'] = line.split(' ');
    while (performance.timeOrigin + performance.now() < Number(at));
    let outcome: string;
    try {
      acquireStoreLock(path.join(root, name));
      outcome = 'acquired';
    } catch (err) {
      outcome = (err as { code?: string }).code ?? String(err);
    }
    process.stdout.write(`${name} ${outcome}\n`);
  });
  lines.on('close', () => process.exit(0));
  process.stdout.write('ready\n');
} else {
  process.stderr.write('usage: lock-contender hold <dir>… | race <root>\n');
  process.exit(2);
}
