/**
 * Quality report end to end on Postgres: N certificates (COPY straight into the catalogue,
 * 1 % of them valid but expired, 1 in 10 revoked), a run per pipeline, 1 % of N in quarantine
 * and a few matters; then `buildQualityReport` — the keyset-paged copy into DuckDB included —
 * and the HTML report, timed, in a child process whose peak RSS is read from the kernel. The
 * same is done at a tenth of N, so that the ratio shows whether memory grows with the catalogue.
 *
 *   npx tsx bench/report.ts [--rows N] [--quick] [--cpu-prof-dir DIR]
 *
 * --cpu-prof-dir writes a V8 CPU profile of each report process (open it in Chrome DevTools).
 *   ECERT_BENCH_DATABASE_URL=postgres://… (default postgres://root@127.0.0.1:5432/postgres)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { upsertCertificateTypes } from '../catalog/certificate-type-repository.ts';
import { loadMatterBatch } from '../catalog/load-matters.ts';
import { openDatabase } from '../catalog/open-database.ts';
import { finishRun, startRun } from '../catalog/run-repository.ts';
import { DEFAULT_DUCKDB_MEMORY_LIMIT } from '../reports/open-duckdb.ts';
import { buildQualityReport } from '../reports/quality-report.ts';
import { writeQualityReport } from '../reports/write-quality-report.ts';
import { usccCheck } from '../schemas/formats/uscc.ts';
import { publishSection, table } from './bench-report.ts';
import { throwAwayDatabase, withPgClient } from './throwaway-database.ts';

const TODAY = '2026-11-23';
const CERT_COLUMNS = [
  'cert_type_code', 'issuer_code', 'cert_number', 'issuer_name', 'holder_kind', 'holder_id_type', 'holder_id', 'holder_name',
  'issued_on', 'valid_from', 'valid_until', 'status', 'surface', 'source_updated_at', 'cert_identifier',
  'content_hash', 'version', 'pipeline', 'priority', 'last_run_id',
] as const;
const PIPELINES = ['bench-licences', 'bench-qualifications'] as const;

function uscc(prefix: string, i: number): string {
  const first17 = `${prefix}${String(i).padStart(17 - prefix.length, '0')}`;
  return first17 + usccCheck(first17);
}

function* certificateLines(rows: number, runIds: string[]): Generator<string> {
  const hash = '0'.repeat(64);
  const issuer = uscc('11360800', 1);
  for (let start = 0; start < rows; start += 20_000) {
    const lines: string[] = [];
    for (let j = start; j < Math.min(rows, start + 20_000); j++) {
      const licence = j % 2 === 0;
      const validUntil = j % 100 === 0 ? '2020-01-01' : j % 3 === 0 ? '\\N' : `${2030 + (j % 10)}-06-30`;
      lines.push(
        [
          licence ? 'scjg-yyzz' : 'rs-zyzg', issuer, `B${String(j).padStart(10, '0')}`, '市场监督管理局', 'organisation', '001',
          uscc('91360802', j), `持证主体${j}`, `20${String(10 + (j % 15))}-03-04`, '\\N', validUntil, j % 10 === 0 ? 'revoked' : 'valid',
          '{}', '2024-01-01 00:00:00+08', '\\N', hash, '1', PIPELINES[j % 2], '0', runIds[j % 2],
        ].join('\t'),
      );
    }
    yield `${lines.join('\n')}\n`;
  }
}

function* quarantineLines(rows: number, runIds: string[]): Generator<string> {
  const lines: string[] = [];
  for (let j = 0; j < rows; j++) {
    lines.push([runIds[j % 2], PIPELINES[j % 2], String(j + 2), `{"证照编号":"Q${j}"}`, randomBytes(8).toString('hex') + String(j), j % 3 === 0 ? 'missing_field' : 'invalid_identifier', j % 3 === 0 ? '/cert_number' : '/holder_id', 'bench'].join('\t'));
  }
  yield `${lines.join('\n')}\n`;
}

async function prepare(url: string, rows: number): Promise<void> {
  const catalog = await openDatabase({ databaseUrl: url, storeDir: '' }, { migrate: true });
  try {
    await upsertCertificateTypes(catalog.db, [
      { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' },
      { code: 'rs-zyzg', name: '专业技术人员职业资格证书', holder_kind: 'person' },
    ]);
    const runIds: string[] = [];
    for (const p of PIPELINES) {
      const id = await startRun(catalog.db, { pipeline: p, trigger: 'bench' });
      await finishRun(catalog.db, id, { status: 'succeeded' });
      await catalog.db.updateTable('runs').set({ read: rows / 2, inserted: rows / 2 }).where('id', '=', id).execute();
      runIds.push(id);
    }
    const matterRun = await startRun(catalog.db, { pipeline: 'bench-matters', trigger: 'bench' });
    await loadMatterBatch(catalog.db, {
      runId: matterRun,
      pipeline: 'bench-matters',
      records: [1, 2, 3].map((k) => ({
        matter_code: `11360800MB0000000${k}3362017002000`,
        name: `事项${k}`,
        matter_type: '01',
        dept_code: '11360800MB00000001',
        division_code: '360800',
        materials: [
          { material_code: 'M01', name: '营业执照', required: true, accepted_cert_types: ['scjg-yyzz'] },
          { material_code: 'M02', name: '职业资格证书', required: true, accepted_cert_types: ['rs-zyzg'] },
          { material_code: 'M03', name: '申请书', required: true, accepted_cert_types: [] },
        ],
      })),
      quarantine: [],
      counts: { read: 3, duplicates: 0 },
    });
    await finishRun(catalog.db, matterRun, { status: 'succeeded' });
    await withPgClient(url, async (client) => {
      await pipeline(Readable.from(certificateLines(rows, runIds)), client.query(copyFrom(`copy certificates (${CERT_COLUMNS.join(', ')}) from stdin`)));
      await pipeline(Readable.from(quarantineLines(Math.floor(rows / 100), runIds)), client.query(copyFrom('copy quarantine (run_id, pipeline, line, raw, payload_hash, reason, path, message) from stdin')));
      await client.query('analyze');
    });
  } finally {
    await catalog.close();
  }
}

interface Measured {
  seconds: number;
  /** Until the last table was in DuckDB. */
  copySeconds: number;
  /** 1-minute load average as the report started: the machine is shared. */
  load: number;
  peakRssMiB: number;
  certificates: number;
}

/** Child process: the report alone, so that its peak RSS is the report's. */
async function measure(url: string): Promise<void> {
  const catalog = await openDatabase({ databaseUrl: url, storeDir: '' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-bench-report-'));
  try {
    const load = os.loadavg()[0]!;
    const started = performance.now();
    let copied = started;
    const report = await buildQualityReport(catalog.db, { thresholds: { warn_below: 95, fail_below: 80 }, today: TODAY, databaseUrl: url, onProgress: () => (copied = performance.now()) });
    await writeQualityReport(report, 'html', path.join(dir, 'report.html'));
    const seconds = (performance.now() - started) / 1000;
    const out: Measured = { seconds, copySeconds: (copied - started) / 1000, load, peakRssMiB: process.resourceUsage().maxRSS / 1024, certificates: report.totals.certificates };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await catalog.close();
  }
}

function runChild(url: string, profileDir: string | undefined): Promise<Measured> {
  const profile = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', import.meta.filename, '--measure', url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(text.trim().split('\n').pop()!) as Measured) : reject(new Error(`report child exited ${code}`))));
  });
}

async function atSize(adminUrl: string, rows: number, profileDir: string | undefined): Promise<Measured> {
  const db = await throwAwayDatabase(adminUrl, 'ecert_bench_report');
  try {
    const t = performance.now();
    await prepare(db.url, rows);
    process.stderr.write(`prepared ${rows} certificates in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const m = await runChild(db.url, profileDir);
    if (m.certificates !== rows) throw new Error(`report counted ${m.certificates} certificates, expected ${rows}`);
    process.stderr.write(`report on ${rows}: ${m.seconds.toFixed(2)} s (copy ${m.copySeconds.toFixed(2)} s), peak RSS ${m.peakRssMiB.toFixed(0)} MiB\n`);
    return m;
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const measureAt = argv.indexOf('--measure');
  if (measureAt >= 0) return measure(argv[measureAt + 1]!);
  const quick = argv.includes('--quick');
  const rowsAt = argv.indexOf('--rows');
  const rows = quick ? 20_000 : rowsAt >= 0 ? Number(argv[rowsAt + 1]) : 1_000_000;
  if (!Number.isInteger(rows) || rows < 1000 || rows % 20 !== 0) throw new Error('--rows must be a whole multiple of 20, at least 1000');
  const adminUrl = process.env.ECERT_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const profileAt = argv.indexOf('--cpu-prof-dir');
  const profileDir = profileAt >= 0 ? argv[profileAt + 1] : undefined;
  const small = await atSize(adminUrl, rows / 10, profileDir);
  const large = await atSize(adminUrl, rows, profileDir);
  const body = `Quality report on Postgres, end to end: certificates, superseded versions and open quarantine
copied into DuckDB with \`COPY … TO STDOUT\` and DuckDB's CSV reader (the small tables through keyset pages
and the appender), every dimension, samples, and the HTML file (\`bench/report.ts\`). "copy" is the part until
the last table is in DuckDB. Peak RSS is the report process's maximum resident set size. Target: ≤ 10 s at 1M,
peak RSS at 1M ≤ 1.3 × at 100k.

${table(
  ['certificates', 'seconds', 'of which copy', 'peak RSS (MiB)', 'load average at start'],
  [small, large].map((m) => [m.certificates, m.seconds.toFixed(2), m.copySeconds.toFixed(2), m.peakRssMiB.toFixed(0), m.load.toFixed(2)]),
)}

Peak RSS at ${large.certificates} / at ${small.certificates}: ${(large.peakRssMiB / small.peakRssMiB).toFixed(2)} ×.
Settings apart from production: Postgres on the same ${os.availableParallelism()}-core machine, shared with other
processes (load average above); DuckDB at its defaults of the report (${DEFAULT_DUCKDB_MEMORY_LIMIT} memory limit, up to 2 threads).
Rerun: \`npx tsx bench/report.ts --rows ${large.certificates}\` (\`--cpu-prof-dir DIR\` for CPU profiles of the report).`;
  publishSection('report', 'Quality report', body, { quick });
}

await main();
