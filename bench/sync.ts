/**
 * Ingest: one department feed end to end against the tools a data engineer would otherwise use.
 *
 * The feed is the business-licence department's GB18030 CSV export (Chinese headers, CRLF, quoted
 * commas) written by the example generator with its usual defects: bad check digits, impossible
 * dates, unknown status wording, missing fields, duplicates, full-width and lower-case ids. In one
 * throw-away Postgres database the bench times, in turn:
 *
 * - a dry run of the pipeline (read GB18030 → map → normalise → validate → dedupe, no writes);
 * - the first sync through runPipeline (the same, plus quarantine rows, current rows and
 *   hash-chained version rows, one transaction per batch of 5,000);
 * - an unchanged re-sync of the same file;
 * - COPY of the rows that sync loaded, already cleaned, into `create table … (like certificates
 *   including all)` (same columns, checks and indexes);
 * - pgloader loading the raw CSV into a plain table of text columns, when it is installed.
 *
 * The syncs also report their CPU time and Postgres's, and the time their database statements
 * took by kind, so that a missed target comes with what held it back. Peak RSS is measured in
 * child processes that each sync a fresh database and do nothing else. `--quick` (20,000 rows,
 * RSS compared with 2,000) prints the figures and leaves BENCHMARKS.md as it is.
 *
 *   npx tsx bench/sync.ts [--rows N] [--quick]
 *   ECERT_BENCH_DATABASE_URL=postgres://… (default postgres://root@127.0.0.1:5432/postgres)
 */
import { execFile, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryExecutor, QueryId, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { upsertCertificateTypes } from '../catalog/certificate-type-repository.ts';
import { openDatabase, type Catalog } from '../catalog/open-database.ts';
import { DEFAULT_BATCH_SIZE, loadWorkspaceSettings } from '../core/config.ts';
import { DEFAULT_TODAY } from '../examples/generate.ts';
import { dayOfIso } from '../examples/generator/calendar.ts';
import { CERTIFICATE_TYPES } from '../examples/generator/certificate-types.ts';
import { SCJG_LICENCES } from '../examples/generator/departments/scjg-licences.ts';
import { generateDepartment } from '../examples/generator/generate-department.ts';
import { orgHolder } from '../examples/generator/holder-plan.ts';
import type { DepartmentManifest } from '../examples/generator/manifest.ts';
import { OrgRegistry } from '../examples/generator/org-registry.ts';
import { ecertYaml, pipelineYaml } from '../examples/generator/workspace-config.ts';
import type { PipelineDefinition } from '../pipelines/definition.ts';
import { formatProblem, loadDefinitions } from '../pipelines/load-definitions.ts';
import { type RunResult, runPipeline } from '../pipelines/run-pipeline.ts';
import { syncPipelines } from '../pipelines/sync-pipelines.ts';
import type { CertificateType } from '../schemas/types.ts';
import { publishSection, table } from './bench-report.ts';
import { clockTicks, postgresCpuSeconds } from './process-cpu.ts';
import { throwAwayDatabase, withPgClient } from './throwaway-database.ts';

const SEED = 20261123;
/** The generator judges "expired" and "in the past" against its today; the sync must use the same day. */
const TODAY = new Date(`${DEFAULT_TODAY}T12:00:00+08:00`);
const SPEC = SCJG_LICENCES;
const RAW_COLUMNS = SPEC.header.map((_, i) => `c${String(i + 1).padStart(2, '0')}`);

interface Args {
  rows: number;
  quick: boolean;
  /** Rows of the smaller feed the RSS of a sync of `rows` is compared with. */
  rssRows: number;
  /** Child mode: sync this workspace into a fresh database and report peak RSS only. */
  rssWorkspace: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };
  const count = (name: string): number | undefined => {
    const raw = value(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} needs a positive whole number`);
    return n;
  };
  const quick = argv.includes('--quick');
  const rows = count('--rows') ?? (quick ? 20_000 : 1_000_000);
  const rssOnly = argv.includes('--rss-only');
  const rssWorkspace = value('--workspace');
  if (rssOnly && rssWorkspace === undefined) throw new Error('--rss-only needs --workspace DIR');
  return { rows, quick, rssRows: quick ? 2_000 : 100_000, rssWorkspace: rssOnly ? rssWorkspace : undefined };
}

/** A workspace holding only the licence department: ecert.yaml, its pipeline, its CSV of `rows` rows. */
async function writeFeed(workspace: string, rows: number): Promise<DepartmentManifest> {
  await mkdir(path.join(workspace, 'data'), { recursive: true });
  await mkdir(path.join(workspace, 'pipelines'), { recursive: true });
  await writeFile(path.join(workspace, 'ecert.yaml'), ecertYaml(CERTIFICATE_TYPES));
  await writeFile(path.join(workspace, 'pipelines', `${SPEC.pipeline}.yaml`), pipelineYaml(SPEC));
  const flavour = SPEC.orgFlavour;
  if (!flavour) throw new Error(`${SPEC.pipeline} has no organisation holders`);
  const orgs = new OrgRegistry(SEED);
  const outcome = await generateDepartment({
    spec: SPEC,
    rows,
    seed: SEED,
    today: dayOfIso(DEFAULT_TODAY),
    todayIso: DEFAULT_TODAY,
    workspace,
    batchSize: DEFAULT_BATCH_SIZE,
    holderAt: (index, rng) => orgHolder(orgs, index, flavour(rng)),
    forced: new Map(),
  });
  return outcome.manifest;
}

function feedFile(workspace: string): string {
  return path.join(workspace, SPEC.file);
}

interface Workspace {
  dir: string;
  definition: PipelineDefinition;
  certificateTypes: CertificateType[];
}

function readWorkspace(dir: string): Workspace {
  const loaded = loadDefinitions(path.join(dir, 'pipelines'));
  if (loaded.errors.length > 0) throw new Error(loaded.errors.map(formatProblem).join('\n'));
  const definition = loaded.pipelines.find((p) => p.name === SPEC.pipeline);
  if (!definition) throw new Error(`no pipeline ${SPEC.pipeline} in ${dir}`);
  return { dir, definition, certificateTypes: loadWorkspaceSettings(dir).certificate_types };
}

/** The catalogue at the latest schema with the workspace's certificate types, as `ecert sync` opens it. */
async function openCatalog(url: string, ws: Workspace): Promise<Catalog> {
  const catalog = await openDatabase({ databaseUrl: url, storeDir: '' }, { migrate: true });
  await upsertCertificateTypes(catalog.db, ws.certificateTypes);
  return catalog;
}

/**
 * What a statement does, from its SQL: the tables it writes, else the tables it reads. The
 * catalogue's statements are long CTEs over a jsonb parameter; by table they can be compared
 * between runs and between versions of the loader.
 */
function statementLabel(text: string): string {
  const sqlText = text
    .replace(/--[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  const tables = (pattern: RegExp) => [...new Set([...sqlText.matchAll(pattern)].map((m) => m[1]!))];
  const written = tables(/(?:insert into|(?<!for |do )update|delete from) "?(\w+)"?/g);
  if (written.length > 0) return `writes ${written.join(', ')}`;
  const read = tables(/(?:from|join) "?(\w+)"?/g).filter((t) => t !== 'jsonb_to_recordset' && t !== 'lateral');
  return `reads ${read.join(', ')}${sqlText.includes('for update') ? ' (for update)' : ''}`;
}

interface StatementTotal {
  count: number;
  seconds: number;
}

/**
 * Sums, per kind of statement, the time from handing a statement to the driver to having its
 * result; begin and commit go straight to the driver and are not in it.
 */
class StatementTimer implements KyselyPlugin {
  readonly totals = new Map<string, StatementTotal>();
  readonly #pending = new WeakMap<QueryId, { label: string; at: number }>();
  readonly #executor: QueryExecutor;

  constructor(executor: QueryExecutor) {
    this.#executor = executor;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const label = statementLabel(this.#executor.compileQuery(args.node, args.queryId).sql);
    this.#pending.set(args.queryId, { label, at: performance.now() });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const pending = this.#pending.get(args.queryId);
    if (pending) {
      const total = this.totals.get(pending.label) ?? { count: 0, seconds: 0 };
      total.count += 1;
      total.seconds += (performance.now() - pending.at) / 1000;
      this.totals.set(pending.label, total);
    }
    return args.result;
  }
}

interface Timed {
  result: RunResult;
  seconds: number;
  /** CPU time of this process (user + system, all threads) over the run. */
  cpuSeconds: number;
  /** CPU time of the local Postgres server over the run, when it can be read. */
  postgresCpuSeconds: number | undefined;
  statements: Map<string, StatementTotal>;
}

async function timedSync(catalog: Catalog, ws: Workspace, options: { ticks?: number | undefined; dryRun?: boolean } = {}): Promise<Timed> {
  const timer = new StatementTimer(catalog.db.getExecutor());
  const pgBefore = await postgresCpuSeconds(options.ticks);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const run = {
    db: catalog.db.withPlugin(timer),
    workspace: ws.dir,
    batchSize: DEFAULT_BATCH_SIZE,
    certificateTypes: ws.certificateTypes,
    today: TODAY,
    trigger: 'bench',
  };
  const result = options.dryRun ? (await syncPipelines(run.db, [ws.definition], { ...run, dryRun: true }))[0]! : await runPipeline(ws.definition, run);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const pgAfter = await postgresCpuSeconds(options.ticks);
  if (result.status !== 'succeeded') throw new Error(`${options.dryRun ? 'dry run' : 'sync'} failed: ${JSON.stringify(result.error)}`);
  return {
    result,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    postgresCpuSeconds: pgBefore === undefined || pgAfter === undefined ? undefined : pgAfter - pgBefore,
    statements: timer.totals,
  };
}

/** What the generator says a first sync into an empty catalogue must report. */
function checkFirstSync(result: RunResult, manifest: DepartmentManifest): void {
  const quarantined = Object.values(manifest.expected.quarantined).reduce((a, b) => a + b, 0);
  const expected = { read: manifest.read, inserted: manifest.expected.inserted, updated: 0, duplicates: manifest.expected.duplicates, quarantined };
  const got = { read: result.read, inserted: result.inserted, updated: result.updated, duplicates: result.duplicates, quarantined: result.quarantined };
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new Error(`first sync reported ${JSON.stringify(got)}, the generator expects ${JSON.stringify(expected)}`);
  }
}

function checkResync(result: RunResult, first: RunResult): void {
  if (result.read !== first.read || result.inserted !== 0 || result.updated !== 0 || result.unchanged !== first.inserted) {
    throw new Error(`unchanged re-sync reported ${JSON.stringify(result)}; expected nothing inserted or updated and ${first.inserted} unchanged`);
  }
}

/** Every column of the catalogue's current table, in table order. */
async function certificateColumns(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'certificates' order by ordinal_position`,
  );
  return rows.map((r) => r.column_name);
}

/**
 * The rows the sync loaded, exported as COPY text (untimed), then COPYed into an empty table
 * with the same columns, checks and indexes: only that second COPY is timed.
 */
async function copyBaseline(url: string, dir: string): Promise<{ rows: number; seconds: number }> {
  const file = path.join(dir, 'cleaned.copy');
  return withPgClient(url, async (client) => {
    const columns = (await certificateColumns(client)).join(', ');
    await pipeline(client.query(copyTo(`copy (select ${columns} from certificates) to stdout`)), createWriteStream(file));
    await client.query('create table copy_certificates (like certificates including all)');
    const started = performance.now();
    const copy = client.query(copyFrom(`copy copy_certificates (${columns}) from stdin`));
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), copy);
    const seconds = (performance.now() - started) / 1000;
    rmSync(file, { force: true });
    return { rows: Number(copy.rowCount), seconds };
  });
}

/**
 * Characters GB18030 writes in four bytes (a lead byte, then a digit byte): those are outside
 * GBK, and a GBK reader cannot decode the rows that hold them.
 */
async function fourByteSequences(file: string): Promise<number> {
  let count = 0;
  let afterLead = false;
  let skip = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (skip > 0) {
        skip--;
      } else if (afterLead) {
        afterLead = false;
        if (b >= 0x30 && b <= 0x39) {
          count++;
          skip = 2;
        }
      } else if (b >= 0x81 && b <= 0xfe) {
        afterLead = true;
      }
    }
  }
  return count;
}

interface PgloaderOutcome {
  loaded: number;
  seconds: number;
  /** Characters in the file that GBK has no code for. */
  outsideGbk: number;
  /** pgloader's own summary line (rows read, errors, time), for the record. */
  summary: string;
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err && 'code' in err ? err.code : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr, missing: code === 'ENOENT' });
    });
  });
}

/**
 * pgloader reads the same raw file into a plain table of text columns. It has no GB18030 decoder,
 * so it reads GBK, the subset that the two-byte characters of these files fall in; rows it cannot
 * decode or load are counted as the difference between the file's rows and the table's.
 */
async function pgloaderBaseline(url: string, ws: Workspace, dir: string): Promise<PgloaderOutcome | undefined> {
  const version = await run('pgloader', ['--version']);
  if (version.missing) return undefined;
  await withPgClient(url, (c) => c.query(`create table raw_licences (${RAW_COLUMNS.map((c) => `${c} text`).join(', ')})`));
  const target = new URL(url);
  target.protocol = 'postgresql:';
  const commands = path.join(dir, 'licences.load');
  await writeFile(
    commands,
    `LOAD CSV
  FROM '${feedFile(ws.dir)}' WITH ENCODING 'gbk'
  HAVING FIELDS (${RAW_COLUMNS.join(', ')})
  INTO ${target.toString()}
  TARGET TABLE raw_licences
  TARGET COLUMNS (${RAW_COLUMNS.join(', ')})
  WITH skip header = 1,
       fields optionally enclosed by '"',
       fields escaped by double-quote,
       fields terminated by ',';
`,
  );
  const started = performance.now();
  const out = await run('pgloader', ['--root-dir', path.join(dir, 'pgloader'), commands]);
  const seconds = (performance.now() - started) / 1000;
  if (out.code !== 0) throw new Error(`pgloader exited with ${out.code}:\n${out.stderr}${out.stdout}`);
  const loaded = await withPgClient(url, async (c) => Number((await c.query<{ n: string }>('select count(*) as n from raw_licences')).rows[0]!.n));
  const summary = `${out.stdout}\n${out.stderr}`.split('\n').find((l) => /Total import time/.test(l))?.trim().replace(/\s+/g, ' ') ?? '';
  return { loaded, seconds, outsideGbk: await fourByteSequences(feedFile(ws.dir)), summary };
}

interface RssReport {
  rows: number;
  seconds: number;
  /** After opening and migrating the catalogue, before the sync. */
  startRss: number;
  /** The kernel's high-water mark for the whole child process. */
  peakRss: number;
}

/** Child mode: one first sync of the workspace into a fresh database, nothing else in the process. */
async function rssOnly(args: Args, adminUrl: string, workspace: string): Promise<void> {
  const ws = readWorkspace(workspace);
  const db = await throwAwayDatabase(adminUrl, 'ecert_bench_rss');
  try {
    const catalog = await openCatalog(db.url, ws);
    try {
      const startRss = process.memoryUsage.rss();
      const { result, seconds } = await timedSync(catalog, ws);
      if (result.read !== args.rows) throw new Error(`expected ${args.rows} rows read, got ${result.read}`);
      // maxRSS is in kibibytes on Linux and macOS.
      const report: RssReport = { rows: result.read, seconds, startRss, peakRss: process.resourceUsage().maxRSS * 1024 };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } finally {
      await catalog.close();
    }
  } finally {
    await db.drop();
  }
}

function rssChild(workspace: string, rows: number): Promise<RssReport> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--rss-only', '--rows', String(rows), '--workspace', workspace], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1);
      if (code !== 0 || !last) reject(new Error(`RSS child for ${rows} rows exited with ${code}`));
      else resolve(JSON.parse(last) as RssReport);
    });
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/** Two decimals cut towards the unfavourable side, so a printed ratio never looks better than the measured one. */
const atMost = (x: number) => (Math.floor(x * 100) / 100).toFixed(2);
const atLeast = (x: number) => (Math.ceil(x * 100) / 100).toFixed(2);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const verdict = (met: boolean) => (met ? '**met**' : '**not met**');
const cpuNote = (t: Timed) =>
  `CPU: ${t.cpuSeconds.toFixed(1)} s this process` + (t.postgresCpuSeconds === undefined ? '' : `, ${t.postgresCpuSeconds.toFixed(1)} s Postgres`);
const say = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const adminUrl = process.env.ECERT_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  if (args.rssWorkspace !== undefined) return rssOnly(args, adminUrl, args.rssWorkspace);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-bench-sync-'));
  try {
    let t = performance.now();
    say(`writing ${fmt(args.rows)} business-licence rows (GB18030 CSV)…`);
    const manifest = await writeFeed(path.join(dir, 'feed'), args.rows);
    const rssFeed = path.join(dir, 'rss-feed');
    await writeFeed(rssFeed, args.rssRows);
    say(`  feeds written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const ws = readWorkspace(path.join(dir, 'feed'));

    const ticks = await clockTicks();
    const loadBefore = os.loadavg()[0] ?? 0;
    // Other work on the machine skews every figure here; the highest load seen says whether there was any.
    let loadHighest = loadBefore;
    const loadSampler = setInterval(() => {
      loadHighest = Math.max(loadHighest, os.loadavg()[0] ?? 0);
    }, 5000);
    // A failed phase must not leave the process waiting on the sampler.
    loadSampler.unref();
    const db = await throwAwayDatabase(adminUrl, 'ecert_bench_sync');
    let serverVersion: string;
    let dry: Timed;
    let first: Timed;
    let again: Timed;
    let copy: { rows: number; seconds: number };
    let loader: PgloaderOutcome | undefined;
    try {
      const catalog = await openCatalog(db.url, ws);
      try {
        serverVersion = await withPgClient(db.url, async (c) => (await c.query<{ server_version: string }>('show server_version')).rows[0]!.server_version);
        say('dry run (read → map → normalise → validate → dedupe, no writes)…');
        dry = await timedSync(catalog, ws, { ticks, dryRun: true });
        say(`  ${dry.seconds.toFixed(1)} s`);
        say('first sync…');
        first = await timedSync(catalog, ws, { ticks });
        checkFirstSync(first.result, manifest);
        say(`  ${first.seconds.toFixed(1)} s`);
        say('unchanged re-sync…');
        again = await timedSync(catalog, ws, { ticks });
        checkResync(again.result, first.result);
        say(`  ${again.seconds.toFixed(1)} s`);
      } finally {
        await catalog.close();
      }
      say('COPY of the cleaned rows into an indexed table…');
      copy = await copyBaseline(db.url, dir);
      if (copy.rows !== first.result.inserted) throw new Error(`COPY wrote ${copy.rows} rows, the sync loaded ${first.result.inserted}`);
      say(`  ${copy.seconds.toFixed(1)} s`);
      say('pgloader, raw CSV into a plain table…');
      loader = await pgloaderBaseline(db.url, ws, dir);
      say(loader ? `  ${loader.seconds.toFixed(1)} s, ${fmt(loader.loaded)} rows loaded` : '  pgloader not installed');
    } finally {
      await db.drop();
    }

    t = performance.now();
    say(`peak RSS: a first sync of ${fmt(args.rssRows)} rows, then of ${fmt(args.rows)} rows, each in its own process…`);
    const rssSmall = await rssChild(rssFeed, args.rssRows);
    const rssLarge = await rssChild(path.join(dir, 'feed'), args.rows);
    say(`  ${((performance.now() - t) / 1000).toFixed(1)} s`);
    clearInterval(loadSampler);
    const loadAfter = os.loadavg()[0] ?? 0;
    loadHighest = Math.max(loadHighest, loadAfter);

    const rows = args.rows;
    const cpus = os.cpus().length;
    const syncRate = rows / first.seconds;
    const dryRate = rows / dry.seconds;
    const copyRate = copy.rows / copy.seconds;
    const copyRatio = syncRate / copyRate;
    const speedUp = first.seconds / again.seconds;
    const rssRatio = rssLarge.peakRss / rssSmall.peakRss;
    const loaderRate = loader ? rows / loader.seconds : undefined;
    const loaderRatio = loaderRate === undefined ? undefined : syncRate / loaderRate;
    const r = first.result;
    const statementSeconds = (t: Timed) => [...t.statements.values()].reduce((sum, x) => sum + x.seconds, 0);
    const statementRows = [...new Set([...first.statements.keys(), ...again.statements.keys()])]
      .map((label) => ({ label, first: first.statements.get(label), again: again.statements.get(label) }))
      .sort((x, y) => (y.first?.seconds ?? 0) + (y.again?.seconds ?? 0) - (x.first?.seconds ?? 0) - (x.again?.seconds ?? 0));
    const cell = (t: StatementTotal | undefined) => (t === undefined ? '' : `${t.seconds.toFixed(1)} (${fmt(t.count)}×)`);
    const busiest = (t: Timed) => [...t.statements].sort((x, y) => y[1].seconds - x[1].seconds)[0];
    const machineShare = (t: Timed) =>
      t.postgresCpuSeconds === undefined
        ? ''
        : ` Together this process and the Postgres server kept ${(((t.cpuSeconds + t.postgresCpuSeconds) / (t.seconds * cpus)) * 100).toFixed(0)} % of the ${cpus} CPUs busy over that time.`;

    // Only the targets this run missed get a paragraph, each built from figures of this run.
    const limits: string[] = [];
    if (copyRatio < 0.5 || (loaderRatio !== undefined && loaderRatio < 1.5)) {
      const copyBound = dryRate / copyRate;
      const loaderBound = loaderRate === undefined ? undefined : dryRate / loaderRate;
      const outOfReach = [
        ...(copyBound < 0.5 ? ['COPY (0.5)'] : []),
        ...(loaderBound !== undefined && loaderBound < 1.5 ? ['pgloader (1.5)'] : []),
      ];
      limits.push(
        `- Ingest rate: a sync does at least the work of its dry run (GB18030 decoding, CSV parsing, mapping, normalising, ` +
          `validating, deduplicating), and that alone ran at ${fmt(dryRate)} rows/s, so it caps the ingest ratio at ` +
          `${atMost(copyBound)} against COPY` +
          (loaderBound === undefined ? '' : ` and ${atMost(loaderBound)} against pgloader`) +
          (outOfReach.length > 0 ? `, below the target against ${outOfReach.join(' and ')} however cheap loading becomes` : '') +
          `. The database statements of the first sync took ${statementSeconds(first).toFixed(1)} s of its ${first.seconds.toFixed(1)} s ` +
          `(table above): they write the current rows, as many hash-chained version rows and the quarantine rows, where COPY ` +
          `writes the current rows only.${machineShare(first)}`,
      );
    }
    if (speedUp < 3) {
      const top = busiest(again);
      const quarantineFirst = first.statements.get('writes quarantine');
      const quarantineAgain = again.statements.get('writes quarantine');
      limits.push(
        `- Unchanged re-sync: every row is decoded, parsed and fingerprinted again; the ${fmt(again.result.unchanged_skipped)} whose ` +
          `fingerprint matched their stored row skip map, normalise, validate and load, and the ` +
          `${fmt(again.result.read - again.result.unchanged_skipped)} others (quarantined last time, or sharing their key with another record of their batch or the one before) go through all of it again. ` +
          `Its database statements took ${statementSeconds(again).toFixed(1)} s of its ${again.seconds.toFixed(1)} s` +
          (top ? `, ${top[1].seconds.toFixed(1)} s of them in the statements that ${top[0].replace(/^writes/, 'write').replace(/^reads/, 'read')}` : '') +
          `.` +
          (quarantineFirst && quarantineAgain && quarantineAgain.seconds > 1.5 * quarantineFirst.seconds
            ? ` Writing the same ${fmt(r.quarantined)} quarantined records took ${(quarantineAgain.seconds / quarantineFirst.seconds).toFixed(1)} × as long ` +
              `as in the first sync: in the re-sync each of them is found among the unresolved quarantine rows already stored ` +
              `and updated in place, where the first sync inserted them.`
            : '') +
          machineShare(again),
      );
    }
    if (rssRatio > 1.3) {
      limits.push(
        `- Peak RSS: ` +
          (args.rssRows < 2 * DEFAULT_BATCH_SIZE
            ? `the smaller sync (${fmt(args.rssRows)} rows) is shorter than two batches of ${fmt(DEFAULT_BATCH_SIZE)}, so it never reaches the steady state of a longer sync; `
            : '') +
          `RSS was ${mib(rssSmall.startRss)} and ${mib(rssLarge.startRss)} before the two syncs and peaked ${mib(rssSmall.peakRss - rssSmall.startRss)} ` +
          `and ${mib(rssLarge.peakRss - rssLarge.startRss)} above that.`,
      );
    }

    const body = [
      table(
        ['', 'rows', 'seconds', 'rows/s', 'notes'],
        [
          [
            'our sync, first run (`runPipeline`: GB18030 → map → normalise → validate → dedupe → load with history)',
            fmt(rows),
            first.seconds.toFixed(1),
            fmt(syncRate),
            `rows read; ${fmt(r.inserted)} inserted, ${fmt(r.duplicates)} duplicates, ${fmt(r.quarantined)} quarantined; ${cpuNote(first)}`,
          ],
          ['the same pipeline as a dry run (read + transform, no writes)', fmt(rows), dry.seconds.toFixed(1), fmt(dryRate), cpuNote(dry)],
          [
            'our sync, unchanged re-sync of the same file',
            fmt(rows),
            again.seconds.toFixed(1),
            fmt(rows / again.seconds),
            `${fmt(again.result.unchanged)} unchanged (${fmt(again.result.unchanged_skipped)} of them skipped by fingerprint), 0 inserted or updated; ${atMost(speedUp)} × faster than the first; ${cpuNote(again)}`,
          ],
          ['COPY of the cleaned rows into `(like certificates including all)`', fmt(copy.rows), copy.seconds.toFixed(1), fmt(copyRate), 'current rows only, primary key + 3 indexes'],
          loader && loaderRate !== undefined
            ? [
                'pgloader, raw CSV into a plain table (`ENCODING \'gbk\'`)',
                fmt(rows),
                loader.seconds.toFixed(1),
                fmt(loaderRate),
                `${fmt(loader.loaded)} rows loaded, ${fmt(rows - loader.loaded)} not (the file has ${fmt(loader.outsideGbk)} characters outside GBK); text columns, no checks or indexes`,
              ]
            : ['pgloader', '', '', '', 'pgloader not installed'],
        ],
      ),
      '',
      table(
        ['database statements (seconds, count)', 'first sync', 'unchanged re-sync'],
        [
          ...statementRows.map((row) => [row.label, cell(row.first), cell(row.again)]),
          ['all of them', statementSeconds(first).toFixed(1), statementSeconds(again).toFixed(1)],
        ],
      ),
      '',
      table(
        ['first sync in its own process', 'seconds', 'rows/s', 'RSS before the sync', 'peak RSS'],
        [rssSmall, rssLarge].map((m) => [`${fmt(m.rows)} rows`, m.seconds.toFixed(1), fmt(m.rows / m.seconds), mib(m.startRss), mib(m.peakRss)]),
      ),
      '',
      'Targets:',
      `- ingest ≥ 0.5 × indexed COPY: ${atMost(copyRatio)} — ${verdict(copyRatio >= 0.5)}`,
      loaderRatio === undefined
        ? '- ingest ≥ 1.5 × pgloader: pgloader not installed'
        : `- ingest ≥ 1.5 × pgloader: ${atMost(loaderRatio)} — ${verdict(loaderRatio >= 1.5)}`,
      `- unchanged re-sync ≥ 3 × faster than the first: ${atMost(speedUp)} × — ${verdict(speedUp >= 3)}`,
      `- peak RSS at ${fmt(rows)} rows ≤ 1.3 × at ${fmt(args.rssRows)}: ${atLeast(rssRatio)} — ${verdict(rssRatio <= 1.3)}`,
      '',
      ...(limits.length > 0 ? ['What limits the targets missed:', '', ...limits, ''] : []),
      `${fmt(rows)} rows of the business-licence feed (\`${SPEC.file}\`, GB18030, 14 Chinese columns) from the example generator, ` +
        `seed ${SEED}; batches of ${fmt(DEFAULT_BATCH_SIZE)}; PostgreSQL ${serverVersion} on the same machine; Node ${process.version}. ` +
        `The first sync's counts equal the generator's manifest and the re-sync's equal the first sync's. ` +
        `Load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, at most ${loadHighest.toFixed(1)} during the run (sampled every 5 s), on ${cpus} CPUs.`,
      '',
      'The sync rate is over rows read, the COPY rate over the rows the sync loaded (COPY gets them already clean: no ' +
        'decoding, no checks, no quarantine, no hashes, no version rows). pgloader reads the raw file and stores its fields ' +
        'as text, unchecked; it cannot read GB18030, and is told GBK. Its time is the whole `pgloader` process. ' +
        'Statement times run from handing a statement to the driver to having its result (begin and commit are not in ' +
        'them). CPU of "Postgres" is that of every Postgres server process on this machine over the run, other ' +
        'databases\' work included. Peak RSS is the kernel high-water mark of a child process that opens the catalogue ' +
        'and runs one first sync, nothing else.',
      loader && loader.summary ? `pgloader's summary: \`${loader.summary}\`.` : '',
      '',
      `Rerun: \`npx tsx bench/sync.ts --rows ${rows}\`.`,
    ]
      .filter((line, i, all) => line !== '' || all[i - 1] !== '')
      .join('\n');
    publishSection('ingest', 'Ingest: one department feed end to end (bench/sync.ts)', body, { quick: args.quick });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
