import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../../catalog/database.ts';

export interface TransactionGate {
  /** Whether a session waits at the gate, inside the transaction that reached it. */
  reached(db: Kysely<Database>): Promise<boolean>;
  /** Lets waiting and later transactions through. */
  open(): Promise<void>;
  /** Opens the gate if still closed, removes the trigger and ends the gate's connection. */
  remove(): Promise<void>;
}

let nextKey = 715_300;

/**
 * Fault injection for tests and benches: a trigger that makes the first transaction to fire it
 * wait, inside that transaction, on an advisory lock this gate holds — so a process can be
 * stopped, or watched, at exactly that point of its work. `trigger` is the trigger's timing,
 * events, table and condition, e.g. `before update on runs for each row when (new.status = 'succeeded')`.
 */
export async function transactionGate(url: string, trigger: string): Promise<TransactionGate> {
  const key = nextKey++;
  const name = `ecert_gate_${key}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const table = /\bon\s+(\w+)/i.exec(trigger)?.[1];
  if (!table) throw new Error(`no table in trigger "${trigger}"`);
  const rowLevel = /for each row/i.test(trigger);
  await client.query(`
    create function ${name}() returns trigger language plpgsql as $$
    begin perform pg_advisory_xact_lock(${key}); return ${rowLevel ? 'new' : 'null'}; end $$;
    create trigger ${name} ${trigger} execute function ${name}();
    select pg_advisory_lock(${key});`);
  let closed = true;
  const open = async () => {
    if (closed) await client.query(`select pg_advisory_unlock(${key})`);
    closed = false;
  };
  return {
    async reached(db) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_locks
        where locktype = 'advisory' and objid = ${key} and not granted
          and database = (select oid from pg_database where datname = current_database())`.execute(db);
      return rows[0]!.n > 0;
    },
    open,
    async remove() {
      // Open first: a session still at the gate holds the table, which dropping the trigger needs.
      await open();
      await client.query(`drop trigger ${name} on ${table}; drop function ${name}()`);
      await client.end();
    },
  };
}
