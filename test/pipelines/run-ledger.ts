import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../catalog/database.ts';
import { QUARANTINE_REASONS } from '../../schemas/types.ts';

/**
 * The run ledger adds up: for every run row, read = inserted + updated + unchanged + duplicates +
 * quarantined, its quarantine rows, counted per reason, sum to `quarantined`, and its recorded
 * conflicting duplicates are among its `duplicates`. A record quarantined
 * again by a later run of the pipeline moves its row there, so a run followed by one that quarantined
 * records may hold fewer rows than it counted, never more.
 */
export async function expectEveryRunAddsUp(db: Kysely<Database>): Promise<void> {
  const runs = await db.selectFrom('runs').selectAll().orderBy('started_at').execute();
  const rows = await db
    .selectFrom('quarantine')
    .select(['run_id', 'reason', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['run_id', 'reason'])
    .execute();
  const conflicts = await db
    .selectFrom('run_duplicates')
    .select(['run_id', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('run_id')
    .execute();
  for (const r of runs) {
    const label = `run ${r.id} (${r.pipeline}, ${r.trigger}, ${r.status})`;
    expect(r.read, `${label}: accounting`).toBe(r.inserted + r.updated + r.unchanged + r.duplicates + r.quarantined);
    expect(Number(conflicts.find((c) => c.run_id === r.id)?.n ?? 0), `${label}: conflicting duplicates`).toBeLessThanOrEqual(r.duplicates);
    const reasons = Object.fromEntries(rows.filter((q) => q.run_id === r.id).map((q) => [q.reason, Number(q.n)]));
    for (const reason of Object.keys(reasons)) expect(QUARANTINE_REASONS, label).toContain(reason);
    const sum = Object.values(reasons).reduce((a, b) => a + b, 0);
    const takenOver = runs.some((later) => later.pipeline === r.pipeline && later.started_at > r.started_at && later.quarantined > 0);
    if (takenOver) expect(sum, `${label}: quarantine rows ${JSON.stringify(reasons)}`).toBeLessThanOrEqual(r.quarantined);
    else expect(sum, `${label}: quarantine rows ${JSON.stringify(reasons)}`).toBe(r.quarantined);
  }
}
