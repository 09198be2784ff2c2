import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { startRun } from '../../catalog/run-repository.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';

forEachTarget('transactions', (getCatalog) => {
  beforeEach(async () => {
    await resetCatalog(getCatalog().db);
  });

  it('keeps concurrent read-modify-write transactions from losing updates', async () => {
    const { db, kind } = getCatalog();
    const runId = await startRun(db, { pipeline: 'p', trigger: 't' });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction().execute(async (trx) => {
          // On a server the row lock serialises; on PGlite the driver's mutex does.
          const lock = kind === 'postgres' ? sql`for update` : sql``;
          const { rows } = await sql<{ read: number }>`select read from runs where id = ${runId} ${lock}`.execute(trx);
          await new Promise((r) => setTimeout(r, 2));
          await trx.updateTable('runs').set({ read: rows[0]!.read + 1 }).where('id', '=', runId).execute();
        }),
      ),
    );
    const run = await db.selectFrom('runs').select('read').where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run.read).toBe(20);
  });

  it('rolls back a transaction that throws, and keeps serving queries after it', async () => {
    const { db } = getCatalog();
    await expect(
      db.transaction().execute(async (trx) => {
        await startRun(trx, { pipeline: 'p', trigger: 't' });
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    const n = await db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('rolls back to a savepoint in a controlled transaction', async () => {
    const { db } = getCatalog();
    const trx = await db.startTransaction().execute();
    await startRun(trx, { pipeline: 'kept', trigger: 't' });
    const sp = await trx.savepoint('before_second').execute();
    await startRun(sp, { pipeline: 'dropped', trigger: 't' });
    await sp.rollbackToSavepoint('before_second').execute();
    await trx.commit().execute();
    const rows = await db.selectFrom('runs').select('pipeline').execute();
    expect(rows.map((r) => r.pipeline)).toEqual(['kept']);
  });

  it('parses int8 as number, date as text and timestamptz as Date on every back end', async () => {
    const { db } = getCatalog();
    const { rows } = await sql<{ n: unknown; d: unknown; t: unknown; a: unknown }>`
      select 9007199254740991::bigint as n, '2024-02-29'::date as d, '2024-02-29T12:00:00+08:00'::timestamptz as t,
             array['x', 'y']::text[] as a`.execute(db);
    expect(rows[0]).toEqual({ n: 9007199254740991, d: '2024-02-29', t: new Date('2024-02-29T04:00:00Z'), a: ['x', 'y'] });
  });
});
