import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../catalog/tables.ts';

/** The accounting invariant on every run row of the catalogue. */
export async function expectEveryRunAddsUp(db: Kysely<Database>): Promise<void> {
  const runs = await db.selectFrom('runs').selectAll().execute();
  for (const r of runs) {
    expect(r.read, `run ${r.id} (${r.status})`).toBe(r.inserted + r.updated + r.unchanged + r.duplicates + r.quarantined);
  }
}
