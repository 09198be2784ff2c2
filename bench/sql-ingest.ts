/**
 * sql ingest: the same licence rows synced from a MariaDB table through the `sql` connector and
 * from a UTF-8 CSV file through the `csv` connector, in one run, so that the ratio says what
 * reading a live database costs next to reading its export.
 *
 * The rows are written once as CSV and loaded into a throw-away MariaDB database with LOAD DATA.
 * Timed, for each source: the connector's read alone (all batches, no transform), and a first
 * sync through runPipeline into its own throw-away Postgres catalogue (read → map → normalise →
 * validate → dedupe → load with history, batches of 5,000). `--quick` (20,000 rows) prints the
 * figures and leaves BENCHMARKS.md as it is.
 *
 *   npx tsx bench/sql-ingest.ts [--rows N] [--quick]
 *   ECERT_BENCH_MYSQL_URL=mysql://… (default mysql://root@127.0.0.1:3306/; without a server the bench says SKIPPED)
 *   ECERT_BENCH_DATABASE_URL=postgres://… (default postgres://root@127.0.0.1:5432/postgres)
 */
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { upsertCertificateTypes } from '../catalog/certificate-type-repository.ts';
import { openDatabase } from '../catalog/open-database.ts';
import { getConnector } from '../connectors/index.ts';
import { DEFAULT_BATCH_SIZE } from '../core/config.ts';
import { createLogger } from '../core/log.ts';
import { NO_SYNC_STATE } from '../core/sync-state.ts';
import { loadDefinitions } from '../pipelines/load-definitions.ts';
import type { RunResult } from '../pipelines/run-pipeline.ts';
import { usccCheck } from '../schemas/formats/uscc.ts';
import { publishSection, table } from './bench-report.ts';
import { licencePipelineYaml } from './licence-pipeline.ts';
import { throwAwayDatabase } from './throwaway-database.ts';
import { timedSync } from './timed-sync.ts';

const TYPES = [{ code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' as const }];
const ISSUER = '11310104P3MPWH2J5W';
const TODAY = new Date('2026-11-23T12:00:00+08:00');
const COLUMNS = ['id', 'cert_no', 'name', 'holder_id', 'issued', 'status', 'updated_at'];

function parseArgs(argv: string[]): { rows: number; quick: boolean } {
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--rows');
  const rows = i < 0 ? (quick ? 20_000 : 1_000_000) : Number(argv[i + 1]);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error('--rows needs a positive whole number');
  return { rows, quick };
}

function uscc(n: number): string {
  const first17 = `91310104${String(n).padStart(9, '0')}`;
  return first17 + usccCheck(first17);
}

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${COLUMNS.join(',')}\n`);
  const start = Date.UTC(2024, 0, 1);
  for (let n = 1; n <= rows; n++) {
    const updated = new Date(start + n * 1000).toISOString().slice(0, 19).replace('T', ' ');
    const day = String((n % 28) + 1).padStart(2, '0');
    if (!out.write(`${n},YYZZ${n},上海某某贸易有限公司${n},${uscc(n)},2020-01-${day},有效,${updated}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function workspace(root: string, name: string, source: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'pipelines'), { recursive: true });
  writeFileSync(path.join(dir, 'pipelines', 'licences.yaml'), licencePipelineYaml(source, ISSUER));
  return dir;
}

async function seedMariaDb(adminUrl: string, csvFile: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ecert_bench_${process.pid}_${Date.now()}`;
  const admin = await mysql.createConnection({ uri: adminUrl });
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const conn = await mysql.createConnection({ uri: url.toString(), infileStreamFactory: () => createReadStream(csvFile) });
  try {
    await conn.query(
      `create table licences (id int primary key, cert_no varchar(20) not null, name varchar(60) not null, holder_id char(18) not null, issued date not null, status varchar(8) not null, updated_at datetime not null)`,
    );
    await conn.query({ sql: `load data local infile 'licences.csv' into table licences character set utf8mb4 fields terminated by ',' ignore 1 lines` });
  } finally {
    await conn.end();
  }
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

async function timeRead(dir: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number; records: number }> {
  const pipeline = loadDefinitions(path.join(dir, 'pipelines'), env).pipelines[0]!;
  const ctx = { logger: createLogger({ level: 'silent' }), batchSize: DEFAULT_BATCH_SIZE, workspace: dir };
  const t = performance.now();
  let records = 0;
  for await (const batch of getConnector(pipeline.source.connector).read(pipeline.source, NO_SYNC_STATE, ctx)) records += batch.records.length;
  return { seconds: (performance.now() - t) / 1000, records };
}

async function timeSync(dir: string, env: NodeJS.ProcessEnv, pgAdminUrl: string): Promise<{ seconds: number; result: RunResult }> {
  const loaded = loadDefinitions(path.join(dir, 'pipelines'), env);
  if (loaded.errors.length > 0) throw new Error(JSON.stringify(loaded.errors));
  const database = await throwAwayDatabase(pgAdminUrl, 'ecert_bench');
  const catalog = await openDatabase({ databaseUrl: database.url, storeDir: '' }, { migrate: true });
  try {
    await upsertCertificateTypes(catalog.db, TYPES);
    const { result, seconds } = await timedSync(catalog.db, loaded.pipelines[0]!, { workspace: dir, certificateTypes: TYPES, today: TODAY });
    if (result.status !== 'succeeded') throw new Error(`sync failed: ${JSON.stringify(result.error)}`);
    return { seconds, result };
  } finally {
    await catalog.close();
    await database.drop();
  }
}

async function main(): Promise<void> {
  const { rows, quick } = parseArgs(process.argv.slice(2));
  const mysqlUrl = process.env.ECERT_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
  const reachable = await mysql.createConnection({ uri: mysqlUrl }).then(
    (c) => c.end().then(() => undefined),
    (err: unknown) => err as Error,
  );
  if (reachable) {
    process.stderr.write(`SKIPPED: sql-ingest needs a MariaDB/MySQL server at ECERT_BENCH_MYSQL_URL (${new URL(mysqlUrl).host}): ${reachable.message}\n`);
    return;
  }
  const pgUrl = process.env.ECERT_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const root = mkdtempSync(path.join(os.tmpdir(), 'ecert-bench-sql-'));
  try {
    const csvDir = workspace(root, 'csv', '  connector: csv\n  path: ./licences.csv');
    const csvFile = path.join(csvDir, 'licences.csv');
    await writeCsv(csvFile, rows);
    const source = await seedMariaDb(mysqlUrl, csvFile);
    try {
      const env = { ...process.env, BENCH_SOURCE_URL: source.url };
      const sqlDir = workspace(root, 'sql', '  connector: sql\n  driver: mysql\n  url: ${BENCH_SOURCE_URL}\n  table: licences');
      const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
      const readCsv = await timeRead(csvDir, env);
      const readSql = await timeRead(sqlDir, env);
      const syncCsv = await timeSync(csvDir, env, pgUrl);
      const syncSql = await timeSync(sqlDir, env, pgUrl);
      for (const r of [readCsv, readSql]) if (r.records !== rows) throw new Error(`read ${r.records} records, expected ${rows}`);
      const line = (what: string, t: { seconds: number }, base: { seconds: number }, notes: string) => [
        what,
        fmt(rows),
        t.seconds.toFixed(1),
        fmt(rows / t.seconds),
        (base.seconds / t.seconds).toFixed(2),
        notes,
      ];
      const counts = (r: RunResult) => `${fmt(r.inserted)} inserted, ${fmt(r.quarantined)} quarantined`;
      const body = `The same ${fmt(rows)} licence rows from a MariaDB table (\`sql\` connector, driver mysql, keyset pages of ${fmt(DEFAULT_BATCH_SIZE)} in one read-only snapshot) and from a UTF-8 CSV file (\`csv\` connector). Rate ratio: the row's rate over the CSV rate of the same step (above 1 = faster than CSV). Catalogue: a throw-away Postgres database per sync.

${table(
  ['', 'rows', 'seconds', 'rows/s', 'rate / CSV', 'notes'],
  [
    line('read only: csv connector', readCsv, readCsv, 'all batches, no transform'),
    line('read only: sql connector (MariaDB)', readSql, readCsv, 'all batches, no transform'),
    line('first sync from the CSV file', syncCsv, syncCsv, counts(syncCsv.result)),
    line('first sync from the MariaDB table', syncSql, syncCsv, counts(syncSql.result)),
  ],
)}

Rerun: \`npx tsx bench/sql-ingest.ts [--rows N]\` (MariaDB at \`ECERT_BENCH_MYSQL_URL\`, Postgres at \`ECERT_BENCH_DATABASE_URL\`).`;
      publishSection('sql-ingest', 'Ingest from a database: sql connector vs CSV (bench/sql-ingest.ts)', body, { quick });
    } finally {
      await source.drop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
