import { createHash } from 'node:crypto';
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import { HubError } from '../core/errors.ts';
import { log } from '../core/log.ts';
import type { Catalog } from './open-database.ts';
import type { Database } from './database.ts';

/** Who holds a pipeline's lock, as far as the server lets us see. */
export interface LockHolder {
  pid: number | null;
  host: string | null;
  /** When the holder took the lock. */
  started_at: string | null;
  /** The Postgres backend holding the lock (what `pg_terminate_backend` takes). */
  backend_pid?: number;
  run_id?: string;
}

export interface PipelineLocks {
  /**
   * Runs `work` as the only run of `pipeline`, or throws HUB_ERR_PIPELINE_BUSY naming the
   * holder. On Postgres the lock is a session advisory lock on a connection held for the
   * whole of `work`, so it ends with the process however the process ends.
   */
  exclusive<T>(pipeline: string, work: () => Promise<T>): Promise<T>;
  /** Whether nobody holds the pipeline's lock right now. */
  isFree(pipeline: string): Promise<boolean>;
}

/**
 * The advisory lock key of a pipeline: the first 64 bits of sha-256 over a prefixed name.
 * Computed here rather than with Postgres' hashtext(), which is an internal, undocumented
 * 32-bit hash: this key is the same for every version of ecert and of the server, is far
 * less likely to collide with another application's keys, and an operator can compute it.
 */
function lockKey(pipeline: string): bigint {
  return createHash('sha256').update(`ecert-hub pipeline ${pipeline}`).digest().readBigInt64BE(0);
}

// Postgres limits application_name to 63 bytes; the pid and host are what an operator needs.
const APP_NAME = /^ecert (\d+)@(.*)$/;

function applicationName(): string {
  return `ecert ${process.pid}@${os.hostname()}`.slice(0, 63);
}

/** Runs of this process, per catalogue: the scheduler runs pipelines side by side in one process. */
const local = new WeakMap<Kysely<Database>, Map<string, Date>>();

function localRuns(db: Kysely<Database>): Map<string, Date> {
  let runs = local.get(db);
  if (runs === undefined) {
    runs = new Map();
    local.set(db, runs);
  }
  return runs;
}

function busy(pipeline: string, holder: LockHolder): HubError {
  const who = [
    holder.pid === null ? 'another process' : `pid ${holder.pid}`,
    holder.host === null ? '' : ` on ${holder.host}`,
    holder.started_at === null ? '' : ` since ${holder.started_at}`,
    holder.run_id === undefined ? '' : ` (run ${holder.run_id})`,
  ].join('');
  return new HubError('HUB_ERR_PIPELINE_BUSY', `pipeline ${pipeline} is being run by ${who}; wait for it to finish or stop it`, { pipeline, ...holder });
}

async function runningRun(db: Kysely<Database>, pipeline: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('runs')
    .select('id')
    .where('pipeline', '=', pipeline)
    .where('status', '=', 'running')
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
  return row?.id;
}

/** The session holding the key, read from pg_locks and pg_stat_activity: never stale, since a lock dies with its session. */
async function serverHolder(db: Kysely<Database>, pipeline: string, key: bigint): Promise<LockHolder> {
  // pg_locks shows a bigint advisory key as its high and low 32 bits, with objsubid 1.
  const high = (key >> 32n) & 0xffffffffn;
  const low = key & 0xffffffffn;
  const { rows } = await sql<{ backend_pid: number; application_name: string | null; since: Date | null; client: string | null }>`
    select l.pid as backend_pid, a.application_name, a.state_change as since, host(a.client_addr) as client
    from pg_locks l left join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.objsubid = 1
      and l.database = (select oid from pg_database where datname = current_database())
      and l.classid::bigint = ${high.toString()}::bigint and l.objid::bigint = ${low.toString()}::bigint`.execute(db);
  const run_id = await runningRun(db, pipeline);
  const row = rows[0];
  if (row === undefined) return { pid: null, host: null, started_at: null, ...(run_id ? { run_id } : {}) };
  const named = APP_NAME.exec(row.application_name ?? '');
  return {
    pid: named ? Number(named[1]) : null,
    host: named ? named[2]! : row.client,
    started_at: row.since?.toISOString() ?? null,
    backend_pid: row.backend_pid,
    ...(run_id ? { run_id } : {}),
  };
}

/**
 * Lets go of the lock. When its session died during the run (server restart, terminated
 * backend) the lock went with it and another run may have started meanwhile: say so.
 */
async function release(session: Kysely<Database>, pipeline: string, key: string): Promise<void> {
  try {
    await sql`select pg_advisory_unlock(${key}::bigint)`.execute(session);
    await sql`reset application_name`.execute(session);
  } catch (err) {
    log().error({ event: 'error', stage: 'lock', pipeline, err }, `the lock of pipeline ${pipeline} was lost during the run: its database session ended`);
  }
}

/**
 * One run per pipeline. Within a process a registry answers at once; on Postgres a session
 * advisory lock keyed by the pipeline name also keeps out every other process. The embedded
 * store needs no more: it is held by one process only (HUB_ERR_STORE_BUSY for the others).
 */
export function pipelineLocks(catalog: Pick<Catalog, 'db' | 'kind'>): PipelineLocks {
  const { db } = catalog;
  const mine = localRuns(db);

  async function exclusiveHere<T>(pipeline: string, work: () => Promise<T>): Promise<T> {
    const since = mine.get(pipeline);
    if (since !== undefined) {
      const run_id = await runningRun(db, pipeline);
      throw busy(pipeline, { pid: process.pid, host: os.hostname(), started_at: since.toISOString(), ...(run_id ? { run_id } : {}) });
    }
    mine.set(pipeline, new Date());
    try {
      return await work();
    } finally {
      mine.delete(pipeline);
    }
  }

  return {
    exclusive(pipeline, work) {
      if (catalog.kind === 'pglite') return exclusiveHere(pipeline, work);
      const key = lockKey(pipeline).toString();
      return exclusiveHere(pipeline, () =>
        db.connection().execute(async (session) => {
          // Named before locking, so that a process turned away can say who holds the lock.
          await sql`select set_config('application_name', ${applicationName()}, false)`.execute(session);
          const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}::bigint) as locked`.execute(session);
          if (!rows[0]?.locked) {
            await sql`reset application_name`.execute(session);
            throw busy(pipeline, await serverHolder(db, pipeline, BigInt(key)));
          }
          try {
            return await work();
          } finally {
            await release(session, pipeline, key);
          }
        }),
      );
    },

    async isFree(pipeline) {
      if (mine.has(pipeline)) return false;
      if (catalog.kind === 'pglite') return true;
      const key = lockKey(pipeline).toString();
      const { rows } = await sql<{ free: boolean }>`
        select case when pg_try_advisory_lock(${key}::bigint) then pg_advisory_unlock(${key}::bigint) else false end as free`.execute(db);
      return rows[0]?.free === true;
    },
  };
}
