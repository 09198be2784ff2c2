import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../examples/generate.ts';
import { buildQualityReport, type QualityReportOptions } from '../../reports/quality-report.ts';
import { openTarget, type OpenTarget } from '../setup.ts';
import { syncWorkspace } from './sync-workspace.ts';

const TODAY = '2026-11-23';
const onPostgres = process.env.ECERT_TEST_DATABASE_URL !== undefined;
if (!onPostgres) process.stderr.write('copy-out.test.ts: skipped, ECERT_TEST_DATABASE_URL is not set\n');

// With the server's URL the large tables go through COPY and DuckDB's CSV reader instead of
// keyset pages and the appender: every figure and sample must come out the same either way.
describe.skipIf(!onPostgres)('quality report copied with COPY [postgres]', () => {
  let handle: OpenTarget;
  let workspace = '';
  let department = '';
  const now = new Date(`${TODAY}T18:00:00+08:00`);

  beforeAll(async () => {
    handle = await openTarget('postgres');
    workspace = mkdtempSync(path.join(os.tmpdir(), 'ecert-report-copy-'));
    const manifest = await generateWorkspace({ out: workspace, rows: 1000, seed: 7, today: TODAY });
    await syncWorkspace(handle.catalog.db, workspace, new Date(`${TODAY}T12:00:00+08:00`), manifest.batch_size);
    department = manifest.departments[0]!.pipeline;
  });
  afterAll(async () => {
    rmSync(workspace, { recursive: true, force: true });
    await handle?.dispose();
  });

  it.each<[string, () => Partial<QualityReportOptions>, boolean]>([
    ['whole catalogue', () => ({}), true],
    ['one department since a time', () => ({ pipeline: department, since: new Date(`${TODAY}T00:00:00+08:00`) }), true],
    ['a filter value with a quote in it', () => ({ pipeline: "o'brien" }), false],
  ])('%s: the same report as through the pool', async (_, filters, hasRows) => {
    const options: QualityReportOptions = { thresholds: { warn_below: 95, fail_below: 80 }, today: TODAY, now, sampleSize: 3, ...filters() };
    const paged = await buildQualityReport(handle.catalog.db, options);
    const copied = await buildQualityReport(handle.catalog.db, { ...options, databaseUrl: handle.config.databaseUrl });
    expect(copied.totals.certificates > 0).toBe(hasRows);
    expect(copied).toEqual(paged);
  });
});
