import type { Kysely } from 'kysely';
import { HubError } from '../core/errors.ts';
import type { PipelineLocks } from './pipeline-lock.ts';
import type { Database } from './database.ts';

/**
 * Closes as `interrupted` the runs still marked `running` whose process is gone: those of
 * `own` (whose lock the caller holds, so no other run of it can be alive) and those of any
 * pipeline whose lock is free. A run takes its lock before it writes its row and lets go
 * after its final status, so a free lock over a `running` row means the process died
 * mid-run. Their finish time is unknown and stays empty. Returns the ids closed.
 */
export async function closeInterruptedRuns(db: Kysely<Database>, locks: PipelineLocks, own: string): Promise<string[]> {
  const running = await db.selectFrom('runs').select(['id', 'pipeline']).where('status', '=', 'running').execute();
  const closed: string[] = [];
  for (const pipeline of new Set(running.map((r) => r.pipeline))) {
    if (pipeline !== own && !(await locks.isFree(pipeline))) continue;
    const ids = running.filter((r) => r.pipeline === pipeline).map((r) => r.id);
    const error = new HubError(
      'HUB_ERR_RUN_INTERRUPTED',
      'the process running it stopped before the run finished; the batches it committed stay loaded and the next sync carries on from them',
      { found_at: new Date().toISOString() },
    ).toJSON();
    // `status = 'running'` again: a run that finished between the read and now keeps its status.
    const rows = await db
      .updateTable('runs')
      .set({ status: 'interrupted', error: JSON.stringify(error) })
      .where('id', 'in', ids)
      .where('status', '=', 'running')
      .returning('id')
      .execute();
    closed.push(...rows.map((r) => r.id));
  }
  return closed;
}
