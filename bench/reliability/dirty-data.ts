import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../catalog/database.ts';
import { exportQuarantine } from '../../pipelines/export-quarantine.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { type RunResult, runPipeline } from '../../pipelines/run-pipeline.ts';
import { buildQualityReport } from '../../reports/quality-report.ts';
import { exportTable } from '../../reports/export-table.ts';
import { writeQualityReport } from '../../reports/write-quality-report.ts';
import type { CertificateType } from '../../schemas/types.ts';
import { csvFormulaCells } from './csv-formula-cells.ts';
import type { ReliabilityDriver } from './reliability-driver.ts';
import { throwAwayCatalogue } from './throw-away-catalogue.ts';
import { cleanRow, HOSTILE_COLUMNS, HOSTILE_KINDS, type HostileKind, type HostileRow } from './hostile-records.ts';

export interface DirtyDataOptions {
  /** An empty catalogue. */
  db: Kysely<Database>;
  /** The catalogue's postgres:// URL when it is on a server (the quality report copies with COPY). */
  databaseUrl?: string | undefined;
  /** An empty folder for the workspace and the files the hub writes; the caller removes it. */
  dir: string;
  /** Lines in the hostile file; at least one of each kind is written whatever this says. */
  records: number;
  batchSize?: number;
}

export interface DirtyDataFigures {
  /** Lines of the hostile file, and how many of them are not clean. */
  records: number;
  hostile: number;
  kinds: number;
  run: Pick<RunResult, 'status' | 'read' | 'inserted' | 'quarantined' | 'duplicates'> & { error?: string };
  byReason: Record<string, number>;
  /** Runs or exports that threw instead of finishing, with what they threw. */
  crashes: string[];
  /** Lines that ended neither in the catalogue nor in quarantine. */
  lost: number;
  /** Lines whose outcome was not the one their kind calls for, in words. */
  mismatches: string[];
  /** CSV files the hub wrote from this data (quarantine export, catalogue export, report tables). */
  csvFiles: number;
  csvCells: number;
  formulaCellsNeutralised: number;
  /** Cells of those files a spreadsheet would run as formulas: must be empty. */
  unsafeCells: string[];
}

const TYPES: CertificateType[] = [
  { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' },
  { code: 'rs-zyzg', name: '专业技术人员职业资格证书', holder_kind: 'person' },
];
const ISSUER = '11310104P3MPWH2J5W';
const TODAY = new Date('2026-11-23T12:00:00+08:00');

const PIPELINE = `name: hostile
entity: certificate
source:
  connector: csv
  path: ./data/hostile.csv
defaults:
  issuer_code: "${ISSUER}"
mapping:
  cert_number: 证照编号
  cert_type_code: 证照类型
  holder_kind: 主体类别
  holder_name: 企业名称
  holder_id: 统一社会信用代码
  issued_on: 发证日期
  valid_until: 有效期至
  status: 状态
max_invalid: 100%
`;

/** Writes the hostile file line by line; returns the kind of each data line, by line number. */
function writeHostileFile(file: string, records: number): Map<number, HostileKind> {
  const kinds = new Map<number, HostileKind>();
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `${HOSTILE_COLUMNS.join(',')}\n`);
    const repeating = HOSTILE_KINDS.filter((k) => !k.once);
    const total = Math.max(records, HOSTILE_KINDS.length);
    let next = 2;
    for (let i = 0; i < total; i++) {
      const kind = i < HOSTILE_KINDS.length ? HOSTILE_KINDS[i]! : repeating[i % repeating.length]!;
      const clean = cleanRow(i);
      const line = kind.bytes ? kind.bytes(clean, i) : Buffer.from(stringify([HOSTILE_COLUMNS.map((c) => (kind.row ? kind.row(clean, i) : clean)[c])], { eof: false }));
      writeSync(fd, line);
      writeSync(fd, '\n');
      kinds.set(next, kind);
      // A quoted line break (LF, CRLF or a lone CR) inside a field starts a new line in the file.
      next += 1 + (line.toString('latin1').match(/\r\n|\r|\n/g)?.length ?? 0);
    }
  } finally {
    closeSync(fd);
  }
  return kinds;
}

function expectedStored(kind: HostileKind, row: HostileRow): { holder_name: string; surface: Record<string, string> } {
  const fromRow = { holder_name: row.企业名称, surface: { 经营范围: row.经营范围 } };
  return { ...fromRow, ...kind.stored?.(row) };
}

/** Every line against its kind: in the catalogue as expected, or quarantined at its line for its reason. */
async function checkOutcomes(db: Kysely<Database>, runId: string, kinds: Map<number, HostileKind>): Promise<{ mismatches: string[]; lost: number; byReason: Record<string, number> }> {
  const quarantined = new Map<number, string>();
  const byReason: Record<string, number> = {};
  for (const q of await db.selectFrom('quarantine').select(['line', 'reason']).where('run_id', '=', runId).execute()) {
    quarantined.set(q.line ?? 0, q.reason);
    byReason[q.reason] = (byReason[q.reason] ?? 0) + 1;
  }
  const stored = new Map<string, { holder_name: string; surface: unknown }>();
  for (const c of await db.selectFrom('certificates').select(['cert_number', 'holder_name', 'surface']).execute()) stored.set(c.cert_number, c);
  const mismatches: string[] = [];
  let lost = 0;
  // The file's n-th data line holds kind.row(cleanRow(n)): lines were written in that order.
  for (const [n, [line, kind]] of [...kinds].entries()) {
    const row = kind.row ? kind.row(cleanRow(n), n) : cleanRow(n);
    const loaded = stored.get(row.证照编号);
    const reason = quarantined.get(line);
    if (!loaded && !reason) lost++;
    const got = reason ?? (loaded ? 'loaded' : 'nothing');
    if (got !== kind.expect) {
      mismatches.push(`line ${line} (${kind.name}): expected ${kind.expect}, got ${got}`);
    } else if (loaded) {
      const want = expectedStored(kind, row);
      const have = { holder_name: loaded.holder_name, surface: loaded.surface };
      if (JSON.stringify(have) !== JSON.stringify(want)) mismatches.push(`line ${line} (${kind.name}): stored ${JSON.stringify(have)}, expected ${JSON.stringify(want)}`);
    }
  }
  return { mismatches, lost, byReason };
}

/** The CSV files the hub writes from this catalogue: quarantine export, catalogue export, quality report tables. */
async function writeCsvFiles(o: DirtyDataOptions, out: string): Promise<string[]> {
  mkdirSync(out, { recursive: true });
  const quarantine = path.join(out, 'quarantine.csv');
  await exportQuarantine(o.db, { format: 'csv', out: quarantine });
  const catalogue = await exportTable(o.db, { table: 'certificates', format: 'csv', out, includeIdentities: true });
  const report = await buildQualityReport(o.db, { thresholds: { warn_below: 95, fail_below: 80 }, databaseUrl: o.databaseUrl, today: '2026-11-23', now: TODAY });
  const tables = await writeQualityReport(report, 'csv', path.join(out, 'report'));
  return [quarantine, catalogue.file, ...tables];
}

/**
 * Syncs a CSV whose lines are hostile in every way the departments' exports have been seen to
 * be (and some they have not), then checks what became of each line and that no CSV the hub
 * writes from the result holds a cell a spreadsheet would run.
 */
export async function dirtyData(o: DirtyDataOptions): Promise<DirtyDataFigures> {
  const ws = path.join(o.dir, 'workspace');
  mkdirSync(path.join(ws, 'pipelines'), { recursive: true });
  mkdirSync(path.join(ws, 'data'), { recursive: true });
  writeFileSync(path.join(ws, 'pipelines', 'hostile.yaml'), PIPELINE);
  const kinds = writeHostileFile(path.join(ws, 'data', 'hostile.csv'), o.records);
  const loaded = loadDefinitions(path.join(ws, 'pipelines'));
  if (loaded.errors.length > 0) throw new Error(`hostile pipeline: ${JSON.stringify(loaded.errors)}`);
  const crashes: string[] = [];
  const thrown = (stage: string, err: unknown) => crashes.push(`${stage}: ${err instanceof Error ? err.message : String(err)}`);
  let result: RunResult | undefined;
  try {
    result = await runPipeline(loaded.pipelines[0]!, { db: o.db, workspace: ws, batchSize: o.batchSize ?? 5000, certificateTypes: TYPES, today: TODAY });
  } catch (err) {
    thrown('sync', err);
  }
  const outcomes = result ? await checkOutcomes(o.db, result.run_id, kinds) : { mismatches: [], lost: kinds.size, byReason: {} };
  let files: string[] = [];
  try {
    files = await writeCsvFiles(o, path.join(o.dir, 'out'));
  } catch (err) {
    thrown('csv files', err);
  }
  const cells = files.map(csvFormulaCells);
  return {
    records: kinds.size,
    hostile: [...kinds.values()].filter((k) => k.name !== 'clean').length,
    kinds: HOSTILE_KINDS.length,
    run: {
      status: result?.status ?? 'failed',
      read: result?.read ?? 0,
      inserted: result?.inserted ?? 0,
      quarantined: result?.quarantined ?? 0,
      duplicates: result?.duplicates ?? 0,
      ...(result?.error ? { error: `${result.error.code}: ${result.error.message}` } : {}),
    },
    byReason: outcomes.byReason,
    crashes,
    lost: outcomes.lost,
    mismatches: outcomes.mismatches,
    csvFiles: files.length,
    csvCells: cells.reduce((n, c) => n + c.cells, 0),
    formulaCellsNeutralised: cells.reduce((n, c) => n + c.neutralised, 0),
    unsafeCells: cells.flatMap((c, i) => c.unsafe.map((cell) => `${path.basename(files[i]!)}: ${cell}`)),
  };
}


export const dirtyDataDriver: ReliabilityDriver = {
  name: 'dirty-data',
  checks: 'hostile lines load normalised or are quarantined for their reason; no CSV cell runs as a formula',
  async run(ctx) {
    const target = await throwAwayCatalogue(ctx.adminUrl, 'ecert_dirty');
    try {
      const f = await dirtyData({ db: target.catalog.db, databaseUrl: target.url, dir: ctx.dir, records: ctx.quick ? 500 : 100_000 });
      const failed = f.crashes.length + f.mismatches.length + f.unsafeCells.length;
      return {
        tried: `${f.records} lines of ${f.kinds} kinds`,
        hostileRecords: f.hostile,
        faultsInjected: f.hostile,
        // A line handled wrongly is counted against the figure even when it is a clean one.
        faultsSurvived: f.crashes.length === 0 ? Math.max(0, f.hostile - f.mismatches.length) : 0,
        lost: f.lost,
        ok: failed === 0 && f.lost === 0 && f.run.status === 'succeeded',
        notes: `run ${f.run.status}: ${f.run.inserted} loaded, ${f.run.quarantined} quarantined (${Object.entries(f.byReason)
          .map(([r, n]) => `${r} ${n}`)
          .join(', ')}); ${f.csvFiles} CSV files, ${f.formulaCellsNeutralised} formula cells neutralised, ${f.unsafeCells.length} unsafe; ${f.mismatches.length} mismatches, ${f.crashes.length} crashes`,
      };
    } finally {
      await target.drop();
    }
  },
};
