import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/**
 * SQLSTATEs a batch transaction can meet only because another transaction wrote the same
 * keys at the same time: a unique violation (two pipelines inserting the same new
 * certificate, neither seeing the other's uncommitted row when it read the chain heads),
 * a deadlock (row locks taken in different orders) and a serialisation failure.
 */
const RACES = new Set(['23505', '40P01', '40001']);
const ATTEMPTS = 6;

function isRace(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RACES.has(code);
}

/**
 * Runs a batch transaction again when it lost a race with a concurrent writer. The failed
 * attempt rolled back whole; the next one reads the heads the other transaction committed and
 * goes through the conflict rules like any later load. Inside a caller's transaction nothing
 * can be retried (the caller's transaction is already aborted), so the error goes up.
 */
export async function retryOnWriteRace<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (db.isTransaction || attempt >= ATTEMPTS || !isRace(err)) throw err;
      // Jitter, so that two losers of the same race do not collide again in lock step.
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
