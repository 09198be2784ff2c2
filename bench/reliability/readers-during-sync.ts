import { rmSync } from 'node:fs';
import { build } from '../../api/build.ts';
import { createApiClient } from '../../lookups/create-api-client.ts';
import { licenceHolder, licenceWorkspace } from './licence-workspace.ts';
import type { ReliabilityDriver } from './reliability-driver.ts';
import { type Child, startSync, waitFor } from './sync-process.ts';
import { throwAwayCatalogue } from './throw-away-catalogue.ts';
import { transactionGate } from './transaction-gate.ts';

/** Lookups sent while the sync's first batch transaction is held open, and how long they get to answer. */
const HELD_LOOKUPS = 20;
const HELD_PATIENCE_MS = 15_000;

export interface ReadersDuringSyncOptions {
  /** A Postgres URL whose user may create databases. */
  adminUrl: string;
  rows: number;
  batchSize?: number;
  /** Lookups in flight at once. */
  readers?: number;
  /** The ecert executable the sync runs (see startSync). */
  bin?: string;
}

export interface ReadersDuringSyncFigures {
  rows: number;
  /** Of HELD_LOOKUPS lookups sent while a batch transaction of the sync was held open (rows written, not committed), how many were answered before it was let go. */
  heldBatch: { lookups: number; answered: number };
  sync: { code: number | null; ms: number };
  /** Lookups answered while the sync was running, and after it ended (the loop's last ones). */
  answeredDuringSync: number;
  requests: number;
  byStatus: Record<string, number>;
  /** Answers other than 200, with their body. */
  failures: string[];
  latencyMs: { p50: number; p99: number; max: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * The lookup API answering holder lookups (each one also appended to the lookup log) on a
 * Postgres catalogue while `ecert sync` loads `rows` licences into it in another process. First
 * the sync's first batch transaction is held open right after it wrote certificates, and lookups
 * must be answered meanwhile; then readers run until the sync ends.
 */
export async function readersDuringSync(o: ReadersDuringSyncOptions): Promise<ReadersDuringSyncFigures> {
  const workspace = licenceWorkspace(o.rows);
  const target = await throwAwayCatalogue(o.adminUrl, 'ecert_readers');
  let child: Child | undefined;
  const app = await build({ db: target.catalog.db, holderHashKey: 'readers-during-sync-hash-key', rateLimit: { max: 1_000_000_000, timeWindow: 60_000 } });
  try {
    const { key } = await createApiClient(target.catalog.db, 'window', ['certificates:read']);
    const latencies: number[] = [];
    const byStatus: Record<string, number> = {};
    const failures: string[] = [];
    let n = 0;
    const lookup = async () => {
      const holder = licenceHolder(n++ % o.rows);
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url: `/v1/holders/${holder}/certificates`, headers: { authorization: `Bearer ${key}`, 'x-purpose': encodeURIComponent('免证办理核验') } });
      latencies.push(performance.now() - t);
      byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
      if (res.statusCode !== 200 && failures.length < 20) failures.push(`${res.statusCode} ${res.body.slice(0, 200)}`);
    };

    const gate = await transactionGate(target.url, 'after insert on certificates for each statement');
    const started = performance.now();
    child = startSync(workspace, target.url, 'ecert-readers-sync', { batchSize: o.batchSize ?? 5000, bin: o.bin });
    let running = true;
    const exit = child.done.then((e) => {
      running = false;
      return { code: e.code, ms: performance.now() - started };
    });
    let heldAnswered = 0;
    try {
      await waitFor('the first batch transaction at the gate', () => gate.reached(target.catalog.db));
      let held = true;
      const lookups = Array.from({ length: HELD_LOOKUPS }, () =>
        lookup().then(() => {
          if (held) heldAnswered++;
        }),
      );
      await Promise.race([Promise.all(lookups), new Promise((r) => setTimeout(r, HELD_PATIENCE_MS))]);
      held = false;
      await gate.open();
      await Promise.all(lookups);
    } finally {
      await gate.remove();
    }

    let answeredDuringSync = 0;
    const reader = async () => {
      while (running) {
        // An answer that needs no I/O resolves in microtasks only; without this turn of the event
        // loop the child's exit would never be seen and the loop would run until memory ran out.
        await new Promise((r) => setImmediate(r));
        await lookup();
        if (running) answeredDuringSync++;
      }
    };
    await Promise.all(Array.from({ length: o.readers ?? 2 }, reader));
    const sync = await exit;
    latencies.sort((a, b) => a - b);
    return {
      rows: o.rows,
      heldBatch: { lookups: HELD_LOOKUPS, answered: heldAnswered },
      sync,
      answeredDuringSync,
      requests: latencies.length,
      byStatus,
      failures,
      latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
    };
  } finally {
    // A driver stopped by an error must not leave the sync running.
    child?.kill('SIGKILL');
    await child?.done;
    await app.close();
    await target.drop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

export const readersDuringSyncDriver: ReliabilityDriver = {
  name: 'readers-during-sync',
  checks: 'the lookup API answers while a sync loads the same Postgres, also with a batch transaction held open',
  async run(ctx) {
    const f = await readersDuringSync({ adminUrl: ctx.adminUrl, rows: ctx.quick ? 20_000 : 100_000 });
    const ok = f.sync.code === 0 && f.failures.length === 0 && f.heldBatch.answered === f.heldBatch.lookups;
    return {
      tried: `${f.requests} lookups during a ${f.rows}-row sync`,
      hostileRecords: 0,
      faultsInjected: 1,
      faultsSurvived: f.heldBatch.answered === f.heldBatch.lookups ? 1 : 0,
      lost: f.requests - (f.byStatus['200'] ?? 0),
      ok,
      notes: `sync ${(f.sync.ms / 1000).toFixed(1)} s, exit ${f.sync.code}; ${f.heldBatch.answered} of ${f.heldBatch.lookups} lookups answered with a batch held open; ${f.answeredDuringSync} answered during the sync; latency p50 ${f.latencyMs.p50.toFixed(1)} ms, p99 ${f.latencyMs.p99.toFixed(1)} ms, max ${f.latencyMs.max.toFixed(1)} ms${f.failures.length > 0 ? `; answers other than 200: ${JSON.stringify(f.byStatus)}, first: ${f.failures[0]}` : ''}`,
    };
  },
};
