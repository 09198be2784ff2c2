/**
 * Catalogue load throughput: N synthetic certificates through loadCertificateBatch (in
 * batches of 5,000, each one transaction with hashing, version rows and run counts)
 * against a plain COPY of the same rows into a table with the same columns, constraints
 * and indexes, in a throw-away Postgres database. Also the embedded PGlite figure for a
 * smaller N.
 *
 *   npx tsx bench/load.ts [--rows N] [--quick] [--pglite-rows M]
 *   ECERT_BENCH_DATABASE_URL=postgres://… (default postgres://root@127.0.0.1:5432/postgres)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadCertificateBatch } from '../catalog/load-certificates.ts';
import { openDatabase, type Catalog } from '../catalog/open-database.ts';
import { finishRun, startRun } from '../catalog/run-repository.ts';
import { NO_SYNC_STATE } from '../core/sync-state.ts';
import type { Certificate } from '../schemas/types.ts';
import { publishSection, table } from './bench-report.ts';
import { throwAwayDatabase } from './throwaway-database.ts';

const BATCH = 5000;

function parseArgs(argv: string[]): { rows: number; pgliteRows: number; quick: boolean } {
  const value = (name: string): number | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} needs a positive whole number`);
    return n;
  };
  const quick = argv.includes('--quick');
  const rows = quick ? 20_000 : (value('--rows') ?? 1_000_000);
  return { rows, pgliteRows: value('--pglite-rows') ?? Math.max(BATCH, Math.floor(rows / 10)), quick };
}

const STATUSES = ['valid', 'valid', 'valid', 'suspended', 'revoked', 'cancelled'] as const;

/** Deterministic fake certificate number i: identifiers need not be valid for the loader. */
function fakeCertificate(i: number): Certificate {
  const person = i % 3 === 0;
  const year = 2000 + (i % 24);
  return {
    cert_type_code: person ? 'rs-zyzg' : 'scjg-yyzz',
    cert_number: `C${String(i).padStart(10, '0')}`,
    issuer_code: `1110000000${String(i % 997).padStart(7, '0')}X`,
    issuer_name: `发证机关${i % 997}`,
    holder_kind: person ? 'person' : 'organisation',
    holder_id_type: person ? '111' : '001',
    holder_id: `H${String((i * 7919) % 1_000_003).padStart(17, '0')}`,
    holder_name: `持证主体${i}`,
    issued_on: `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    valid_from: null,
    valid_until: i % 5 === 0 ? null : `${year + 10}-01-01`,
    status: STATUSES[i % STATUSES.length]!,
    surface: { 注册资本: `${i % 1000}万元`, 住所: `某市某区某路${i % 500}号` },
    source_updated_at: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    cert_identifier: null,
  };
}

function* batches(from: number, to: number): Generator<Certificate[]> {
  for (let start = from; start < to; start += BATCH) {
    const end = Math.min(start + BATCH, to);
    yield Array.from({ length: end - start }, (_, k) => fakeCertificate(start + k));
  }
}

/** Loads rows [from, to) through the loader, one transaction per batch; returns seconds. */
async function loadThroughCatalogue(catalog: Catalog, runId: string, from: number, to: number): Promise<number> {
  const started = performance.now();
  for (const records of batches(from, to)) {
    await loadCertificateBatch(catalog.db, {
      runId,
      pipeline: 'bench',
      priority: 0,
      disposition: 'merge',
      records,
      quarantine: [],
      state: { ...NO_SYNC_STATE, position: from + records.length },
      counts: { read: records.length, duplicates: 0 },
    });
    from += records.length;
  }
  return (performance.now() - started) / 1000;
}

/** COPY text format: backslash, tab, newline and carriage return escaped; \N is null. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const COPY_COLUMNS = [
  'cert_type_code', 'issuer_code', 'cert_number', 'issuer_name', 'holder_kind', 'holder_id_type', 'holder_id', 'holder_name',
  'issued_on', 'valid_from', 'valid_until', 'status', 'surface', 'source_updated_at', 'cert_identifier',
  'content_hash', 'version', 'pipeline', 'priority', 'last_run_id',
] as const;

/** The same rows, as they would sit in the current table, without hashing or version rows. */
function* copyLines(from: number, to: number): Generator<string> {
  const placeholderHash = '0'.repeat(64);
  for (const records of batches(from, to)) {
    yield records
      .map((c) => {
        const row: Record<string, unknown> = {
          ...c,
          content_hash: placeholderHash,
          version: '1',
          pipeline: 'bench',
          priority: '0',
          last_run_id: 'bench',
        };
        return `${COPY_COLUMNS.map((col) => copyField(row[col])).join('\t')}\n`;
      })
      .join('');
  }
}

/** COPYs rows [from, to) in one statement; returns seconds. */
async function copyBaseline(client: pg.Client, from: number, to: number): Promise<number> {
  const started = performance.now();
  const stream = client.query(copyFrom(`copy copy_certificates (${COPY_COLUMNS.join(', ')}) from stdin`));
  await pipeline(Readable.from(copyLines(from, to)), stream);
  return (performance.now() - started) / 1000;
}

/**
 * Loader and COPY take turns over segments of the same rows, so both tables grow side by
 * side and a change in machine load over the run weighs on both sides alike.
 */
async function postgresRun(url: string, rows: number): Promise<{ loader: number; copy: number }> {
  const catalog = await openDatabase({ databaseUrl: url, storeDir: '' }, { migrate: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create table copy_certificates (like certificates including all)');
    const runId = await startRun(catalog.db, { pipeline: 'bench', trigger: 'bench' });
    const segment = Math.max(BATCH, Math.ceil(rows / 10 / BATCH) * BATCH);
    const seconds = { loader: 0, copy: 0 };
    for (let from = 0; from < rows; from += segment) {
      const to = Math.min(from + segment, rows);
      seconds.loader += await loadThroughCatalogue(catalog, runId, from, to);
      seconds.copy += await copyBaseline(client, from, to);
      process.stderr.write(`  ${fmt(to)} rows\n`);
    }
    await finishRun(catalog.db, runId, { status: 'succeeded' });
    const counts = await countRows(catalog);
    if (counts.certificates !== rows || counts.versions !== rows) {
      throw new Error(`expected ${rows} certificates and versions, found ${counts.certificates} and ${counts.versions}`);
    }
    return seconds;
  } finally {
    await client.end();
    await catalog.close();
  }
}

async function countRows(catalog: Catalog): Promise<{ certificates: number; versions: number }> {
  const { rows } = await sql<{ certificates: number; versions: number }>`
    select (select count(*) from certificates)::int as certificates, (select count(*) from certificate_versions)::int as versions`.execute(
    catalog.db,
  );
  return rows[0]!;
}

const rate = (rows: number, seconds: number) => Math.round(rows / seconds);
const fmt = (n: number) => n.toLocaleString('en-US');

async function main(): Promise<void> {
  const { rows, pgliteRows, quick } = parseArgs(process.argv.slice(2));
  const adminUrl = process.env.ECERT_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const database = await throwAwayDatabase(adminUrl, 'ecert_bench_load');
  let seconds: { loader: number; copy: number };
  try {
    process.stderr.write(`postgres: ${fmt(rows)} rows, loader and COPY in turns…\n`);
    seconds = await postgresRun(database.url, rows);
  } finally {
    await database.drop();
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-bench-'));
  let pgliteSeconds: number;
  try {
    const catalog = await openDatabase({ storeDir: path.join(dir, '.ecert') }, { migrate: true });
    try {
      process.stderr.write(`pglite: loading ${fmt(pgliteRows)} rows through loadCertificateBatch…\n`);
      const runId = await startRun(catalog.db, { pipeline: 'bench', trigger: 'bench' });
      pgliteSeconds = await loadThroughCatalogue(catalog, runId, 0, pgliteRows);
      await finishRun(catalog.db, runId, { status: 'succeeded' });
    } finally {
      await catalog.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const loaderRate = rate(rows, seconds.loader);
  const copyRate = rate(rows, seconds.copy);
  const ratio = loaderRate / copyRate;
  const body = [
    table(
      ['target', 'rows', 'seconds', 'rows/s'],
      [
        ['Postgres: loadCertificateBatch (batches of 5,000)', fmt(rows), seconds.loader.toFixed(1), fmt(loaderRate)],
        ['Postgres: plain COPY, same rows and indexes', fmt(rows), seconds.copy.toFixed(1), fmt(copyRate)],
        ['PGlite (embedded): loadCertificateBatch', fmt(pgliteRows), pgliteSeconds.toFixed(1), fmt(rate(pgliteRows, pgliteSeconds))],
      ],
    ),
    '',
    `**Loader / COPY ratio: ${ratio.toFixed(2)}** (target ≥ 0.5).`,
    '',
    'The loader does per batch what COPY does not: sha-256 content hash per record, a locked set-based lookup of',
    'existing rows and chain heads, an upsert of current rows, one hash-chained `certificate_versions` row per',
    'insert (so twice the rows written), the cursor and the run counts, all in one transaction. The COPY table is',
    '`create table … (like certificates including all)` (same columns, checks and indexes) and gets the current rows only.',
    'The two take turns over tenths of the rows, so both tables grow side by side and machine load weighs on both alike.',
    '',
    `Rerun: \`npx tsx bench/load.ts --rows ${rows}\`.`,
  ].join('\n');
  publishSection('load', 'Catalogue batch load (bench/load.ts)', body, { quick });
}

await main();
