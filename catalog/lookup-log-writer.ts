import type { Kysely } from 'kysely';
import { appendLookups, sealLookupLog, type LookupEntry } from './lookup-log.ts';
import type { Database } from './database.ts';

export interface LookupWriter {
  /** Resolves with the entry's sequence number once its row is durable. */
  append(entry: LookupEntry): Promise<number>;
  /** Resolves when everything appended so far is written. */
  flush(): Promise<void>;
}

/**
 * Group commit for the lookup log: entries that arrive while an insert is in flight wait
 * and go together in the next multi-row insert, so concurrent requests share one write
 * instead of queueing one insert each.
 */
export function createLookupWriter(db: Kysely<Database>, options: { maxBatch?: number } = {}): LookupWriter {
  const maxBatch = options.maxBatch ?? 500;
  let pending: { entry: LookupEntry; resolve: (seq: number) => void; reject: (err: unknown) => void }[] = [];
  let running: Promise<void> | undefined;

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const group = pending.slice(0, maxBatch);
      pending = pending.slice(group.length);
      try {
        const seqs = await appendLookups(db, group.map((p) => p.entry));
        group.forEach((p, i) => p.resolve(seqs[i] ?? 0));
      } catch (err) {
        for (const p of group) p.reject(err);
      }
    }
  }

  function schedule(): Promise<void> {
    running ??= new Promise<void>((resolve) => queueMicrotask(resolve))
      .then(drain)
      .finally(() => {
        running = undefined;
        // Entries appended after the drain loop ended but before this ran still need a writer.
        if (pending.length > 0) void schedule();
      });
    return running;
  }

  return {
    append(entry) {
      const done = new Promise<number>((resolve, reject) => pending.push({ entry, resolve, reject }));
      void schedule();
      return done;
    },
    async flush() {
      while (running !== undefined || pending.length > 0) await schedule();
    },
  };
}

/** Runs `seal` every `intervalMs` until stopped, one round at a time; a failed round is retried on the next tick. */
export function startSealer(
  seal: () => Promise<unknown>,
  options: { intervalMs: number; onError?: (err: unknown) => void },
): { stop(): Promise<void> } {
  let round: Promise<void> | undefined;
  const timer = setInterval(() => {
    round ??= seal()
      .then(() => undefined, (err: unknown) => options.onError?.(err))
      .finally(() => {
        round = undefined;
      });
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}

/** Seals the lookup log every `intervalMs` (default 500 ms) until stopped. */
export function startLookupSealer(
  db: Kysely<Database>,
  options: { intervalMs?: number; onError?: (err: unknown) => void } = {},
): { stop(): Promise<void> } {
  return startSealer(() => sealLookupLog(db), { ...options, intervalMs: options.intervalMs ?? 500 });
}
