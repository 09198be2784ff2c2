import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** Quarantined records of one run by reason code, for run summaries. */
export async function quarantineReasonCounts(db: Kysely<Database>, runId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('quarantine')
    .select(['reason', (eb) => eb.fn.countAll<string>().as('n')])
    .where('run_id', '=', runId)
    .groupBy('reason')
    .orderBy('reason')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
}
