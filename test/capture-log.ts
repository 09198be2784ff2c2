import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../core/log.ts';

/** A logger at `level` that keeps what it writes: as text, and as parsed JSON lines. */
export function captureLog(level: string): { logger: Logger; text: () => string; events: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const text = () => chunks.join('');
  return {
    logger: createLogger({ level, destination: stream }),
    text,
    events: () => text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
