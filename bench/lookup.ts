/**
 * Lookup API throughput and latency against raw Postgres point lookups of the same rows.
 *
 * A throw-away Postgres database gets N generated certificates through a real sync (a UTF-8 CSV
 * export of N rows → runPipeline: map, normalise, validate, current rows and hash-chained version
 * rows; two certificates per holder, a business licence and a construction qualification) and one
 * matter. The API runs in a child process (build() + listen on 127.0.0.1, a pool of --pool
 * connections; with --workers W, W processes behind node:cluster) so that the load generator does
 * not share its event loop; autocannon drives it with 20 connections on the holder route and on
 * the check route, random existing holders. In the same run, 20 pg clients do `select … where
 * holder_id = $1` for the same rows for the same time. Every API request is authenticated,
 * rate-limited, validated and written to the lookup log before it is answered; the raw lookups do
 * none of that. The per-client rate limit is raised for the bench (one key makes every request)
 * and the section says to what.
 *
 * The CPU time of the API processes, of Postgres and of this process (the load generator) is read
 * from /proc over each measured run. --cpu-prof-dir DIR writes a V8 CPU profile of every API
 * process (open it in Chrome DevTools) and adds a summary of where their sampled time went.
 *
 * The check route is measured a second time asking for usage receipts (one Ed25519 signature per
 * satisfied material, and the receipt hashes in the log row); target: within 1.2× the latency of
 * checks without, compared at one offered rate both keep up with, the two kinds alternating request
 * by request so that they share the same load (saturated, the ratio measures answers a second
 * rather than latency).
 *
 *   npx tsx bench/lookup.ts [--rows N] [--quick] [--duration S] [--pool N] [--workers W] [--cpu-prof-dir DIR]
 *   ECERT_BENCH_DATABASE_URL=postgres://… (default postgres://root@127.0.0.1:5432/postgres)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import pg from 'pg';
import { build } from '../api/build.ts';
import { upsertCertificateTypes } from '../catalog/certificate-type-repository.ts';
import { loadMatterBatch } from '../catalog/load-matters.ts';
import { openDatabase } from '../catalog/open-database.ts';
import { finishRun, startRun } from '../catalog/run-repository.ts';
import { createLogger } from '../core/log.ts';
import { createApiClient } from '../lookups/create-api-client.ts';
import { receiptValidity } from '../lookups/receipts/receipt-signer.ts';
import { generateSigningKey, loadSigningKey } from '../lookups/signing-keys.ts';
import { formatProblem, loadDefinitions } from '../pipelines/load-definitions.ts';
import { usccCheck } from '../schemas/formats/uscc.ts';
import type { CertificateType } from '../schemas/types.ts';
import { publishSection, table } from './bench-report.ts';
import { pairedLatency, percentile, type PairedRequest } from './paired-latency.ts';
import { summariseCpuProfiles } from './cpu-profile-summary.ts';
import { clockTicks, postgresCpuSeconds, processTreeCpuSeconds } from './process-cpu.ts';
import { throwAwayDatabase, withPgClient } from './throwaway-database.ts';
import { timedSync } from './timed-sync.ts';

/** autocannon ships no type declarations; these are the parts used here. */
interface CannonRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  setupRequest: (req: CannonRequest & { path?: string; body?: string }) => CannonRequest & { path: string; body?: string };
}
interface CannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Cannon = (options: { url: string; connections: number; duration: number; requests: CannonRequest[] }) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const CONNECTIONS = 20;
const DEFAULT_POOL = 20;
const WARMUP_SECONDS = 2;
/**
 * One API key makes every request of the bench, far more than a window system's 600 a minute
 * (the default, ECERT_RATE_LIMIT): the limit is raised so that it never refuses one, while the
 * limiter still counts every request. The section states it.
 */
const RATE_LIMIT = { max: 1_000_000_000, timeWindow: 60_000 };
const MATTER_CODE = '113608230H6NLNHD6P4360117002000';
const ISSUER = '11100000000013127D';
const HASH_KEY = 'bench-holder-hash-key-0123456789abcdef';
const PURPOSE = encodeURIComponent('性能测试');
/** validity is judged on this day, as the sync judged the rows. */
const TODAY = new Date('2026-11-23T12:00:00+08:00');
const TYPES: CertificateType[] = [
  { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' },
  { code: 'zj-jzqyzz', name: '建筑业企业资质证书', holder_kind: 'organisation' },
];

interface Args {
  rows: number;
  quick: boolean;
  duration: number;
  pool: number;
  workers: number;
  cpuProfDir: string | undefined;
  /** Child mode: serve the catalogue at this URL, signing receipts with this key file. */
  serve: { url: string; keyFile: string } | undefined;
}

function parseArgs(argv: string[]): Args {
  const text = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${name} needs a value`);
    return v;
  };
  const value = (name: string): number | undefined => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} needs a positive whole number`);
    return n;
  };
  const quick = argv.includes('--quick');
  const serveUrl = text('--serve');
  const keyFile = text('--key-file');
  return {
    rows: quick ? 20_000 : (value('--rows') ?? 1_000_000),
    quick,
    // A quick run only checks that the bench works; 3 s per route keeps `npm run bench -- --quick` near a minute.
    duration: value('--duration') ?? (quick ? 3 : 10),
    pool: value('--pool') ?? DEFAULT_POOL,
    workers: value('--workers') ?? 1,
    cpuProfDir: text('--cpu-prof-dir'),
    serve: serveUrl === undefined || keyFile === undefined ? undefined : { url: serveUrl, keyFile },
  };
}

/** Holder i as a valid USCC, so the API treats it like any real holder id. */
function holderId(i: number): string {
  const first17 = `91110105${String(i).padStart(9, '0')}`;
  return first17 + usccCheck(first17);
}

const PIPELINE = `name: bench-certificates
entity: certificate
source:
  connector: csv
  path: ./data/certificates.csv
defaults:
  holder_kind: organisation
  issuer_code: "${ISSUER}"
  issuer_name: 市场监督管理局
mapping:
  cert_type_code: type
  cert_number: cert_no
  holder_name: name
  holder_id: holder_id
  issued_on: issued
  valid_until: valid_until
  status: status
`;

/**
 * Certificate j belongs to holder j mod H: a licence for the first H, a qualification for the rest.
 * One in five is long-term, one in thirteen expired in 2020, one in seventeen revoked.
 */
async function writeSource(file: string, rows: number, holders: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('type,cert_no,name,holder_id,issued,valid_until,status\n');
  for (let j = 0; j < rows; j++) {
    const type = j < holders ? 'scjg-yyzz' : 'zj-jzqyzz';
    const validUntil = j % 5 === 0 ? '长期' : j % 13 === 0 ? '2020-01-01' : `${2030 + (j % 10)}-06-30`;
    const status = j % 17 === 0 ? '吊销' : '有效';
    const line = `${type},B${String(j).padStart(10, '0')},持证主体${j % holders},${holderId(j % holders)},${2010 + (j % 9)}-03-04,${validUntil},${status}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Prepared {
  key: string;
  syncSeconds: number;
  versions: number;
}

/** Syncs the generated export into the catalogue, adds one matter, a signing key and an API client. */
async function prepare(url: string, dir: string, keyFile: string, rows: number, holders: number): Promise<Prepared> {
  mkdirSync(path.join(dir, 'pipelines'), { recursive: true });
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'pipelines', 'bench-certificates.yaml'), PIPELINE);
  await writeSource(path.join(dir, 'data', 'certificates.csv'), rows, holders);
  const loaded = loadDefinitions(path.join(dir, 'pipelines'));
  if (loaded.errors.length > 0) throw new Error(loaded.errors.map(formatProblem).join('\n'));
  const catalog = await openDatabase({ databaseUrl: url, storeDir: '' }, { migrate: true });
  try {
    await upsertCertificateTypes(catalog.db, TYPES);
    const { result, seconds: syncSeconds } = await timedSync(catalog.db, loaded.pipelines[0]!, { workspace: dir, certificateTypes: TYPES, today: TODAY });
    if (result.status !== 'succeeded' || result.inserted !== rows) {
      throw new Error(`the sync of the generated rows did not load them all: ${JSON.stringify(result)}`);
    }
    process.stderr.write(`synced ${fmt(rows)} certificates in ${syncSeconds.toFixed(1)} s\n`);
    const versions = Number((await catalog.db.selectFrom('certificate_versions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const runId = await startRun(catalog.db, { pipeline: 'bench-matters', trigger: 'bench' });
    await loadMatterBatch(catalog.db, {
      runId,
      pipeline: 'bench-matters',
      records: [
        {
          matter_code: MATTER_CODE,
          name: '食品经营许可',
          matter_type: '01',
          dept_code: '113608230H6NLNHD6P',
          division_code: '360823',
          materials: [
            { material_code: 'M01', name: '营业执照', required: true, accepted_cert_types: ['scjg-yyzz'] },
            { material_code: 'M02', name: '建筑业企业资质证书', required: false, accepted_cert_types: ['zj-jzqyzz'] },
            { material_code: 'M03', name: '申请书', required: true, accepted_cert_types: [] },
          ],
        },
      ],
      quarantine: [],
      counts: { read: 1, duplicates: 0 },
    });
    await finishRun(catalog.db, runId, { status: 'succeeded' });
    await generateSigningKey(catalog.db, keyFile, { rotate: false });
    const key = (await createApiClient(catalog.db, 'bench', ['certificates:read', 'checks:run'])).key;
    // A hub answers windows long after its nightly load; without this, autovacuum and the
    // checkpoint of a million fresh rows run during the measured runs and take Postgres's CPU.
    process.stderr.write('vacuum analyze and checkpoint after the load…\n');
    await sql`vacuum (analyze)`.execute(catalog.db);
    await sql`checkpoint`.execute(catalog.db);
    return { key, syncSeconds, versions };
  } finally {
    await catalog.close();
  }
}

/**
 * Child-process mode: the API on 127.0.0.1, its URL on stdout, until SIGTERM. With more than one
 * worker this process is the cluster's primary: it forks them, prints the URL once all listen on
 * the port they share, and passes SIGTERM on.
 */
async function serveForBench(args: Args, serve: { url: string; keyFile: string }): Promise<void> {
  if (args.workers > 1 && cluster.isPrimary) {
    const workers = Array.from({ length: args.workers }, () => cluster.fork());
    let listening = 0;
    cluster.on('listening', (_worker, address) => {
      if (++listening === workers.length) process.stdout.write(`http://127.0.0.1:${address.port}\n`);
    });
    process.once('SIGTERM', () => {
      void Promise.all(
        workers.map((w) => {
          w.process.kill('SIGTERM');
          return once(w, 'exit');
        }),
      ).then(() => process.exit(0));
    });
    return;
  }
  const catalog = await openDatabase({ databaseUrl: serve.url, storeDir: '' }, { poolSize: args.pool });
  const key = await loadSigningKey(serve.keyFile);
  if (key === undefined) throw new Error(`no signing key in ${serve.keyFile}`);
  const app = await build({
    db: catalog.db,
    holderHashKey: HASH_KEY,
    logger: createLogger({ level: 'warn' }),
    rateLimit: RATE_LIMIT,
    today: () => TODAY,
    receipts: { hubId: 'ecert-bench', key, validFor: receiptValidity({}) },
  });
  // Workers of a cluster listening on port 0 all get the same port.
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  if (!cluster.isWorker) process.stdout.write(`${address}\n`);
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => catalog.close())
      .then(() => process.exit(0));
  });
}

async function startServer(args: Args, url: string, keyFile: string): Promise<{ child: ChildProcess; address: string }> {
  const profile = args.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', args.cpuProfDir];
  const serveArgs = ['--serve', url, '--key-file', keyFile, '--pool', String(args.pool), '--workers', String(args.workers)];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', import.meta.filename, ...serveArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^(http:\/\/\S+)\n/m.exec(out);
      if (line?.[1]) resolve(line[1]);
    });
    child.once('exit', (code) => reject(new Error(`API server exited with ${code}`)));
  });
  return { child, address };
}

interface Measured {
  requests: number;
  rate: number;
  p50: number;
  p99: number;
  failures: number;
}

/** CPU seconds over one measured run: the API processes (none for the raw lookups), Postgres, and this process. */
interface CpuUse {
  api: number | undefined;
  postgres: number | undefined;
  bench: number;
}

async function withCpu<T>(ticks: number | undefined, apiPid: number | undefined, work: () => Promise<T>): Promise<[T, CpuUse]> {
  const apiCpu = () => (apiPid === undefined ? Promise.resolve(undefined) : processTreeCpuSeconds(ticks, apiPid));
  const [api0, pg0] = [await apiCpu(), await postgresCpuSeconds(ticks)];
  const bench0 = process.cpuUsage();
  const result = await work();
  const bench = process.cpuUsage(bench0);
  const [api1, pg1] = [await apiCpu(), await postgresCpuSeconds(ticks)];
  const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);
  return [result, { api: diff(api0, api1), postgres: diff(pg0, pg1), bench: (bench.user + bench.system) / 1e6 }];
}

const randomHolder = (holders: number) => holderId(Math.floor(Math.random() * holders));

async function cannon(address: string, seconds: number, request: CannonRequest): Promise<Measured> {
  const result = await autocannon({ url: address, connections: CONNECTIONS, duration: seconds, requests: [request] });
  return {
    requests: result.requests.total,
    rate: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

function holderRequest(key: string, holders: number): CannonRequest {
  return {
    method: 'GET',
    headers: { authorization: `Bearer ${key}`, 'x-purpose': PURPOSE },
    setupRequest: (req) => ({ ...req, path: `/v1/holders/${randomHolder(holders)}/certificates` }),
  };
}

const checkBody = (holders: number, receipt: boolean) =>
  JSON.stringify({ matter_code: MATTER_CODE, holder_id: randomHolder(holders), purpose: '性能测试', ...(receipt && { receipt }) });

function checkRequest(key: string, holders: number, receipt = false): CannonRequest {
  return {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    setupRequest: (req) => ({
      ...req,
      path: '/v1/checks',
      body: checkBody(holders, receipt),
    }),
  };
}

function pairedCheck(key: string, holders: number, receipt: boolean): PairedRequest {
  return {
    path: '/v1/checks',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: () => checkBody(holders, receipt),
  };
}

/** CONNECTIONS pg clients, each looping over point lookups of random holders. */
async function rawLookups(url: string, holders: number, seconds: number): Promise<Measured> {
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < end) {
          const t0 = performance.now();
          await client.query('select * from certificates where holder_id = $1', [randomHolder(holders)]);
          latencies.push(performance.now() - t0);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  const sorted = Float64Array.from(latencies).sort();
  return { requests: latencies.length, rate: latencies.length / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), failures: 0 };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(2);
/** CPU seconds over a run as a share of one core. */
const coreShare = (cpu: number | undefined, seconds: number) => (cpu === undefined ? 'n/a' : `${Math.round((cpu / seconds) * 100)} %`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.serve !== undefined) return serveForBench(args, args.serve);

  const holders = Math.max(1, Math.floor(args.rows / 2));
  const adminUrl = process.env.ECERT_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const database = await throwAwayDatabase(adminUrl, 'ecert_bench_lookup');
  const dbUrl = database.url;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-bench-lookup-'));
  const keyFile = path.join(dir, 'signing-key.jwk');
  let server: { child: ChildProcess; address: string } | undefined;
  try {
    const prepared = await prepare(dbUrl, dir, keyFile, args.rows, holders);
    const { key } = prepared;
    process.stderr.write(`rate limit per client raised to ${fmt(RATE_LIMIT.max)} requests a minute for the bench; API pool ${args.pool}, ${args.workers} process(es)\n`);
    server = await startServer(args, dbUrl, keyFile);
    const { address } = server;
    const apiPid = server.child.pid;
    const ticks = await clockTicks();
    process.stderr.write(`API at ${address}; warming up\n`);
    await cannon(address, WARMUP_SECONDS, holderRequest(key, holders));
    await cannon(address, WARMUP_SECONDS, checkRequest(key, holders));
    const loadBefore = os.loadavg()[0] ?? 0;
    process.stderr.write(`holder route, ${CONNECTIONS} connections, ${args.duration} s…\n`);
    const [holderApi, holderCpu] = await withCpu(ticks, apiPid, () => cannon(address, args.duration, holderRequest(key, holders)));
    process.stderr.write(`check route…\n`);
    const [checkApi, checkCpu] = await withCpu(ticks, apiPid, () => cannon(address, args.duration, checkRequest(key, holders)));
    // ---- Receipts scenario: the same checks, asking for receipts ----
    process.stderr.write(`check route with receipts…\n`);
    await cannon(address, WARMUP_SECONDS, checkRequest(key, holders, true));
    const [receiptApi, receiptCpu] = await withCpu(ticks, apiPid, () => cannon(address, args.duration, checkRequest(key, holders, true)));
    const receiptRatio = { p50: receiptApi.p50 / checkApi.p50, p99: receiptApi.p99 / checkApi.p99, rate: checkApi.rate / receiptApi.rate };
    // Saturated, 20 connections measure how many answers a second the API gives, and latency
    // follows from that. Latency as a window sees it is measured at one offered rate that both
    // kinds of check keep up with: half of what the receipts run answered.
    const offered = Math.max(1, Math.floor(receiptApi.rate / 2));
    process.stderr.write(`checks without and with receipts, alternating, at ${offered} requests a second…\n`);
    const [checkAtRate, receiptAtRate] = await pairedLatency(address, [pairedCheck(key, holders, false), pairedCheck(key, holders, true)], {
      rate: offered,
      seconds: args.duration * 2,
      connections: CONNECTIONS,
    });
    const atRateRatio = { p50: receiptAtRate.p50 / checkAtRate.p50, p99: receiptAtRate.p99 / checkAtRate.p99 };
    // ---- end of the receipts scenario's measurement ----
    process.stderr.write(`raw pg point lookups, ${CONNECTIONS} clients…\n`);
    await rawLookups(dbUrl, holders, WARMUP_SECONDS);
    const [raw, rawCpu] = await withCpu(ticks, undefined, () => rawLookups(dbUrl, holders, args.duration));
    const loadAfter = os.loadavg()[0] ?? 0;

    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
    server = undefined;
    const logged = await withPgClient(dbUrl, async (c) => {
      const { rows } = await c.query<{ total: number; unsealed: number }>(
        'select count(*)::int as total, count(*) filter (where block_id is null)::int as unsealed from lookup_log',
      );
      return rows[0]!;
    });

    const ratio = (m: Measured) => (m.rate / raw.rate).toFixed(2);
    const cpuRow = (what: string, cpu: CpuUse) => [what, coreShare(cpu.api, args.duration), coreShare(cpu.postgres, args.duration), coreShare(cpu.bench, args.duration)];
    const processes = args.workers === 1 ? 'one child process' : `${args.workers} child processes behind node:cluster`;
    const profile = args.cpuProfDir === undefined ? undefined : summariseCpuProfiles(args.cpuProfDir, args.workers > 1 ? apiPid : undefined);
    const rerun = ['--rows', String(args.rows), ...(args.pool === DEFAULT_POOL ? [] : ['--pool', String(args.pool)]), ...(args.workers === 1 ? [] : ['--workers', String(args.workers)])];
    const body = [
      table(
        ['', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx / errors', 'API / raw'],
        [
          ['API GET /v1/holders/:id/certificates', fmt(holderApi.requests), fmt(holderApi.rate), ms(holderApi.p50), ms(holderApi.p99), holderApi.failures, ratio(holderApi)],
          ['API POST /v1/checks (3 materials)', fmt(checkApi.requests), fmt(checkApi.rate), ms(checkApi.p50), ms(checkApi.p99), checkApi.failures, ratio(checkApi)],
          ['API POST /v1/checks, `"receipt": true`', fmt(receiptApi.requests), fmt(receiptApi.rate), ms(receiptApi.p50), ms(receiptApi.p99), receiptApi.failures, ratio(receiptApi)],
          ['raw pg `select * … where holder_id = $1`', fmt(raw.requests), fmt(raw.rate), ms(raw.p50), ms(raw.p99), '', '1.00'],
        ],
      ),
      '',
      `${fmt(args.rows)} certificates, ${fmt(holders)} holders (2 certificates each), loaded by a sync of a generated CSV export in ${prepared.syncSeconds.toFixed(1)} s ` +
        `(${fmt(prepared.versions)} hash-chained version rows); ${CONNECTIONS} connections / clients, ${args.duration} s each after a ${WARMUP_SECONDS} s warm-up; ` +
        `API in ${processes} with a pool of ${args.pool} connections each, log level warn. ` +
        `After the load and before the measured runs the bench runs \`vacuum (analyze)\` and a checkpoint, as a hub serving windows after its nightly load would have done by then. ` +
        `Rate limit: one API key makes every request, so its per-client limit is raised to ${fmt(RATE_LIMIT.max)} requests a minute for the bench ` +
        `(the default is 600, \`ECERT_RATE_LIMIT\`); the limiter still counts every request. ` +
        `Lookup log: ${fmt(logged.total)} rows written, ${fmt(logged.unsealed)} left unsealed after shutdown.`,
      '',
      `Targets: API ≥ 0.5 × raw rate (holder route ${ratio(holderApi)}, check route ${ratio(checkApi)}); p99 ≤ 10 ms (holder ${ms(holderApi.p99)} ms, check ${ms(checkApi.p99)} ms).`,
      `Receipts: checks asking for receipts within 1.2× the latency of checks without. At one offered rate of ${fmt(offered)} requests a second (half of what the receipts run answered) for ${args.duration * 2} s, ` +
        `the two kinds alternating request by request and each timed from when it was due to the end of its answer, ` +
        `checks without receipts p50 ${ms(checkAtRate.p50)} ms, p99 ${ms(checkAtRate.p99)} ms; with receipts p50 ${ms(receiptAtRate.p50)} ms, p99 ${ms(receiptAtRate.p99)} ms ` +
        `(p50 ${atRateRatio.p50.toFixed(2)}×, p99 ${atRateRatio.p99.toFixed(2)}×, ${atRateRatio.p50 <= 1.2 && atRateRatio.p99 <= 1.2 ? 'met' : '**not met**'}; ` +
        `${fmt(checkAtRate.requests)} and ${fmt(receiptAtRate.requests)} answered, ${checkAtRate.failures + receiptAtRate.failures} failures). ` +
        `Saturated (the table above): p50 ${receiptRatio.p50.toFixed(2)}×, p99 ${receiptRatio.p99.toFixed(2)}×, time per request ${receiptRatio.rate.toFixed(2)}×, ` +
        `since each receipt costs an Ed25519 signature of the API's single core. Most holders have a valid licence, so most checks sign one or two receipts.`,
      `Load average (1 min) ${loadBefore.toFixed(1)} before the measured runs, ${loadAfter.toFixed(1)} after, on ${os.cpus().length} CPUs` +
        (Math.max(loadBefore, loadAfter) > os.cpus().length ? ': more runnable work than CPUs, so other work shared the machine and the absolute rates are low.' : '.'),
      '',
      'CPU used during each measured run, as a share of one core (from /proc: the API processes, every Postgres server process on the machine, and the bench process, which runs autocannon or the raw clients):',
      '',
      table(
        ['', 'API', 'Postgres', 'load generator'],
        [cpuRow('holder route', holderCpu), cpuRow('check route', checkCpu), cpuRow('check route with receipts', receiptCpu), cpuRow('raw pg lookups', rawCpu)],
      ),
      ...(profile === undefined
        ? []
        : [
            '',
            `CPU profile of the API process${args.workers === 1 ? '' : 'es'} (\`--cpu-prof\`, main thread, whole life: warm-ups, every route, shutdown; ${profile.seconds.toFixed(1)} s sampled), ` +
              `self time by where the code lives: ${profile.shares
                .slice(0, 10)
                .map((s) => `${s.what} ${(s.share * 100).toFixed(1)} %`)
                .join(', ')}.`,
          ]),
      '',
      'What the API does per request that the raw lookup does not: HTTP on both ends (autocannon runs in the bench process, as the raw ' +
        'pg clients do), authentication, rate limiting, validation, a durable lookup-log insert before the answer (group-committed: one ' +
        'insert and one WAL flush per group of concurrent requests), the sealer’s block transaction every 300 ms, and JSON serialisation. ' +
        'API clients and matters are cached for 5 s, so a holder lookup costs one select (every stored spelling of the id in one ' +
        'statement) plus its share of a log insert, and a check the same.',
      '',
      `Rerun: \`npx tsx bench/lookup.ts ${rerun.join(' ')}\` (\`--cpu-prof-dir DIR\` for V8 CPU profiles of the API and their summary here).`,
    ].join('\n');
    publishSection('lookup', 'Lookup API vs raw Postgres (bench/lookup.ts)', body, { quick: args.quick });
  } finally {
    if (server !== undefined) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
