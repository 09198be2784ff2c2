import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkspace, type Manifest } from '../../examples/generate.ts';
import { tableFromIPC } from 'apache-arrow';
import type { Database } from '../../catalog/database.ts';
import { maskId } from '../../core/log.ts';
import { duckRows } from '../../reports/duck-rows.ts';
import { exportTable } from '../../reports/export-table.ts';
import { openDuckDB } from '../../reports/open-duckdb.ts';
import { buildQualityReport } from '../../reports/quality-report.ts';
import type { QualityReport } from '../../reports/report-types.ts';
import { writeQualityReport } from '../../reports/write-quality-report.ts';
import { copyWorkspace, FIXTURES } from '../pipelines/workspace-copy.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { canonical, checksum } from './export-checksum.ts';
import { chromiumInstalled, openInChromium } from './open-in-chromium.ts';
import { syncWorkspace } from './sync-workspace.ts';
import { validateReport } from './validate-report.ts';

const TODAY = '2026-11-23';

async function readParquet(file: string): Promise<unknown[]> {
  const duck = await openDuckDB();
  try {
    return await duckRows(duck.connection, `select * from read_parquet('${file}')`);
  } finally {
    duck.close();
  }
}
const THRESHOLDS = { warn_below: 95, fail_below: 80 };

interface PipelineTruth {
  read: number;
  inserted: number;
  duplicates: number;
  quarantined: Record<string, number>;
}
const truth = JSON.parse(readFileSync(path.join(FIXTURES, 'dirty-workspace', 'truth.json'), 'utf8')) as Record<'licences' | 'qualifications', PipelineTruth> & { matters: string[] };

// One catalogue per back end for both data sets (opening one is the slow part): the
// independent dirty workspace first, then, emptied, the generated one.
forEachTarget('quality report', (getCatalog, target) => {
  describe('on the independent dirty workspace', () => {
    let workspace = '';
    let report: QualityReport;
    beforeAll(async () => {
      workspace = copyWorkspace('dirty-workspace');
      await syncWorkspace(getCatalog().db, workspace, new Date(`${TODAY}T12:00:00+08:00`));
      report = await buildQualityReport(getCatalog().db, { thresholds: THRESHOLDS, today: TODAY });
    });
    afterAll(() => rmSync(workspace, { recursive: true, force: true }));

    it.each(['licences', 'qualifications'] as const)('%s: counts equal truth.json', (name) => {
      const t = truth[name];
      const reasons = Object.fromEntries(report.validity.reasons.filter((r) => r.pipeline === name).map((r) => [r.reason, r.count]));
      expect(reasons).toEqual(t.quarantined);
      expect(report.validity.pipelines.find((p) => p.pipeline === name)).toMatchObject({ loaded: t.inserted, quarantined: Object.values(t.quarantined).reduce((a, b) => a + b, 0) });
      expect(report.uniqueness.runs.filter((r) => r.pipeline === name).map((r) => [r.read, r.duplicates])).toEqual([[t.read, t.duplicates]]);
      expect(report.volume.runs.find((r) => r.pipeline === name)).toMatchObject({ read: t.read, loaded: t.inserted, flagged: false });
      expect(report.departments.find((d) => d.pipeline === name)?.certificates).toBe(t.inserted);
    });

    it('coverage: the first material of each matter is replaceable and waivable, the second is not', () => {
      expect(report.coverage.matters.map((m) => m.matter_code).sort()).toEqual([...truth.matters].sort());
      for (const m of report.coverage.materials) {
        expect({ code: m.material_code, replaceable: m.replaceable, waivable: m.waivable }).toEqual({ code: m.material_code, replaceable: m.material_code === 'M01', waivable: m.material_code === 'M01' });
      }
      expect(report.coverage.waivable).toBe(2);
    });

    it('writes JSON, one CSV per table, and HTML', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-report-out-'));
      try {
        const [json] = await writeQualityReport(report, 'json', path.join(dir, 'r.json'));
        expect(validateReport(JSON.parse(readFileSync(json!, 'utf8')))).toEqual([]);
        const csvs = await writeQualityReport(report, 'csv', path.join(dir, 'csv'));
        expect(csvs.map((f) => path.basename(f))).toContain('quarantine_reasons.csv');
        const reasons = readFileSync(path.join(dir, 'csv', 'quarantine_reasons.csv'), 'utf8');
        expect(reasons).toContain('licences,invalid_identifier,20');
        const [html] = await writeQualityReport(report, 'html', path.join(dir, 'r.html'));
        expect(statSync(html!).size).toBeGreaterThan(10_000);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    describe('export', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-export-'));
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      // Per table: the columns hashed (the natural key, the identity number, a date, a number).
      const checked: Record<'certificates' | 'versions' | 'quarantine' | 'runs' | 'matters', { table: keyof Database; columns: string[]; date?: string }> = {
        certificates: { table: 'certificates', columns: ['cert_type_code', 'issuer_code', 'cert_number', 'holder_id', 'valid_until', 'version'], date: 'valid_until' },
        versions: { table: 'certificate_versions', columns: ['cert_type_code', 'issuer_code', 'cert_number', 'version', 'holder_id', 'hash'] },
        quarantine: { table: 'quarantine', columns: ['id', 'reason', 'path', 'line', 'payload_hash'] },
        runs: { table: 'runs', columns: ['id', 'pipeline', 'read', 'quarantined'] },
        matters: { table: 'matters', columns: ['matter_code', 'name', 'division_code'] },
      };
      const hashRows = (rows: Record<string, unknown>[], c: { columns: string[]; date?: string }) =>
        checksum(rows.map((r) => c.columns.map((k) => canonical(r[k], k === c.date ? 'date' : 'other'))));

      it.each(Object.keys(checked) as (keyof typeof checked)[])('%s: Parquet (read by DuckDB) and Arrow (read by apache-arrow) give the source rows back', async (name) => {
        const c = checked[name];
        const source = (await getCatalog().db.selectFrom(c.table).selectAll().execute()) as Record<string, unknown>[];
        expect(source.length).toBeGreaterThan(0);
        const want = hashRows(source, c);

        const parquet = await exportTable(getCatalog().db, { table: name, format: 'parquet', out: dir, includeIdentities: true, pageSize: 100 });
        expect(parquet.rows).toBe(source.length);
        const duck = await openDuckDB();
        try {
          const back = await duckRows<Record<string, unknown>>(duck.connection, `select * from read_parquet('${parquet.file}')`);
          expect(back).toHaveLength(source.length);
          expect(hashRows(back, c)).toBe(want);
        } finally {
          duck.close();
        }

        const arrow = await exportTable(getCatalog().db, { table: name, format: 'arrow', out: dir, includeIdentities: true, pageSize: 100 });
        const table = tableFromIPC(readFileSync(arrow.file));
        expect(table.numRows).toBe(source.length);
        expect(hashRows(table.toArray().map((r) => r.toJSON() as Record<string, unknown>), c)).toBe(want);
      });

      it('writes identity numbers only with includeIdentities, masked otherwise, in every format', async () => {
        const ids = (await getCatalog().db.selectFrom('certificates').select('holder_id').where('holder_kind', '=', 'person').execute()).map((r) => r.holder_id);
        expect(ids.length).toBeGreaterThan(0);
        for (const format of ['csv', 'parquet', 'arrow'] as const) {
          for (const table of ['certificates', 'versions', 'quarantine'] as const) {
            const out = path.join(dir, `masked-${format}`);
            const result = await exportTable(getCatalog().db, { table, format, out, includeIdentities: false });
            const bytes = format === 'parquet' ? JSON.stringify(await readParquet(result.file)) : readFileSync(result.file, 'utf8');
            for (const id of ids) expect(bytes, `${table}.${format}`).not.toContain(id);
            if (table !== 'quarantine') expect(bytes).toContain(maskId(ids[0]!));
          }
        }
        const full = await exportTable(getCatalog().db, { table: 'certificates', format: 'csv', out: path.join(dir, 'full'), includeIdentities: true });
        expect(readFileSync(full.file, 'utf8')).toContain(ids[0]);
      });
    });

    if (target === 'pglite') {
      it('the HTML report opens in headless Chromium offline, with every chart drawn', async (ctx) => {
        if (!chromiumInstalled()) {
          console.warn('SKIPPED: /usr/bin/chromium is not installed (apt-get install -y chromium); the HTML report was not opened in a browser');
          ctx.skip();
        }
        const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-report-html-'));
        try {
          const [html] = await writeQualityReport(report, 'html', path.join(dir, 'report.html'));
          const screenshot = path.join(dir, 'report.png');
          const visit = await openInChromium(html!, screenshot);
          expect(visit.consoleErrors).toEqual([]);
          expect(visit.requests).toEqual([]);
          expect(visit.charts.map((c) => c.id)).toEqual(['scores-per-department', 'quarantine-reasons', 'runs-over-time', 'coverage-per-matter']);
          const expected: Record<string, string[]> = {
            'scores-per-department': ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness', 'volume'],
            'quarantine-reasons': ['invalid_code', 'invalid_date', 'invalid_identifier', 'missing_field', 'parse_error'],
            'runs-over-time': ['licences', 'matters', 'qualifications'],
            'coverage-per-matter': ['materials', 'replaceable', 'waivable'],
          };
          for (const c of visit.charts) {
            expect(c.series, c.id).toEqual(expected[c.id]);
            for (const name of expected[c.id]!) expect(c.texts, `${c.id} legend`).toContain(name);
            expect(c.shapes, c.id).toBeGreaterThan(expected[c.id]!.length);
          }
          expect(existsSync(screenshot) && statSync(screenshot).size > 10_000).toBe(true);
          expect(readdirSync(dir)).toContain('report.png');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }, 60_000);
    }
  });

  describe('on generated data with planted defects', () => {
    let workspace = '';
    let manifest: Manifest;
    let report: QualityReport;

    beforeAll(async () => {
      await resetCatalog(getCatalog().db);
      workspace = mkdtempSync(path.join(os.tmpdir(), 'ecert-report-generated-'));
      manifest = await generateWorkspace({ out: workspace, rows: 1000, seed: 5, today: TODAY });
      await syncWorkspace(getCatalog().db, workspace, new Date(`${TODAY}T12:00:00+08:00`), manifest.batch_size);
      report = await buildQualityReport(getCatalog().db, { thresholds: { warn_below: 95, fail_below: 80 }, today: TODAY, sampleSize: 2 });
    });
    afterAll(() => rmSync(workspace, { recursive: true, force: true }));

    it('validity: loaded and quarantined by reason per department as the manifest predicts', () => {
      for (const d of manifest.departments) {
        const reasons = Object.fromEntries(report.validity.reasons.filter((r) => r.pipeline === d.pipeline).map((r) => [r.reason, r.count]));
        expect(reasons, d.pipeline).toEqual(d.expected.quarantined);
        const quarantined = Object.values(d.expected.quarantined).reduce((a, b) => a + (b ?? 0), 0);
        expect(report.validity.pipelines.find((p) => p.pipeline === d.pipeline)).toEqual({
          pipeline: d.pipeline,
          loaded: d.expected.inserted,
          quarantined,
          valid_share: Math.round((d.expected.inserted / (d.expected.inserted + quarantined)) * 10_000) / 10_000,
        });
      }
    });

    it('completeness: a required field is absent exactly for the rows planted without it', () => {
      for (const d of manifest.departments) {
        const missing = d.defects.filter((x) => x.reason === 'missing_field');
        for (const field of ['cert_number', 'holder_name'] as const) {
          const row = report.completeness.find((r) => r.pipeline === d.pipeline && r.field === field);
          const absent = missing.filter((x) => x.field === field).length;
          expect(row, `${d.pipeline} ${field}`).toMatchObject({ required: true, records: d.expected.inserted + missing.length, present: d.expected.inserted + missing.length - absent });
        }
      }
    });

    it('uniqueness: duplicates per run as planted', () => {
      for (const d of manifest.departments) {
        expect(report.uniqueness.runs.filter((r) => r.pipeline === d.pipeline).map((r) => [r.read, r.duplicates])).toEqual([[d.read, d.expected.duplicates]]);
      }
    });

    it('consistency: certificates marked valid but past valid_until as planted', () => {
      for (const d of manifest.departments) {
        expect(report.consistency.groups.find((g) => g.pipeline === d.pipeline)?.valid_but_expired, d.pipeline).toBe(d.expired_by_date);
      }
    });

    it('coverage: eligible and covered holders per matter and material as predicted', () => {
      for (const m of manifest.coverage) {
        expect(report.coverage.matters.find((x) => x.matter_code === m.matter_code)?.eligible_holders, m.matter_code).toBe(m.eligible_holders);
        const covered = report.coverage.materials.filter((x) => x.matter_code === m.matter_code).map((x) => ({ material_code: x.material_code, covered_holders: x.covered_holders }));
        expect(covered, m.matter_code).toEqual(m.materials);
      }
      const waivable = manifest.coverage.flatMap((m) => m.materials).filter((x) => x.covered_holders > 0).length;
      expect(report.coverage.waivable).toBe(waivable);
    });

    it('volume and timeliness: one run per pipeline that loaded rows, every pipeline on time', () => {
      expect(report.volume.zero_load_runs).toBe(0);
      expect(report.timeliness.pipelines.every((t) => t.on_time)).toBe(true);
      expect(report.scores.find((s) => s.dimension === 'volume')).toEqual({ dimension: 'volume', score: 100, verdict: 'pass' });
    });

    it('is described by schemas/quality-report.schema.json', () => {
      expect(validateReport(report)).toEqual([]);
    });

    it('sampled failing rows carry no identity number of the catalogue unmasked', async () => {
      const ids = await getCatalog().db.selectFrom('certificates').select('holder_id').execute();
      const samples = JSON.stringify(report.samples);
      expect(report.samples.length).toBeGreaterThan(0);
      for (const d of manifest.departments) for (const x of d.defects) if (x.field === 'holder_id' && typeof x.value === 'string') expect(samples).not.toContain(x.value);
      for (const { holder_id } of ids) expect(samples).not.toContain(holder_id);
    });
  });
});
