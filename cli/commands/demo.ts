import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from '../../api/build.ts';
import { pipelineLocks } from '../../catalog/pipeline-lock.ts';
import { shanghaiDate } from '../../catalog/shanghai-date.ts';
import { acquireStoreLock } from '../../catalog/store-lock.ts';
import { loadConfig } from '../../core/config.ts';
import { createLogger, maskId } from '../../core/log.ts';
import { DEPARTMENT_PIPELINE, departmentPipelineYaml, departmentRecords, startDepartmentApi } from '../../examples/department-api.ts';
import { generateWorkspace, type DemoCase, type Manifest } from '../../examples/generate.ts';
import { createApiClient } from '../../lookups/create-api-client.ts';
import { resolveHolderHashKey } from '../../lookups/holder-hash-key.ts';
import type { CheckResult } from '../../lookups/run-check.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { buildQualityReport } from '../../reports/quality-report.ts';
import { defaultReportPath, writeQualityReport } from '../../reports/write-quality-report.ts';
import { syncPipelines, type SyncReport } from '../../pipelines/sync-pipelines.ts';
import { EXIT_FAILED, ExitError } from '../exit-error.ts';
import { printLine } from '../print.ts';
import { syncProgress } from '../progress.ts';
import { withCatalog } from '../with-catalog.ts';
import type { Catalog } from '../../catalog/open-database.ts';
import { printCheckResult } from './check.ts';
import { printSyncSummary } from './sync.ts';
import { printScores } from './report.ts';

export interface DemoOptions {
  workspace: string;
  rows: number;
  seed: number;
  keep?: boolean;
  port?: number;
}

const PURPOSE = '免证办理演示 demo check';

function heading(text: string): void {
  printLine();
  printLine(`== ${text}`);
}

/** The embedded demo store starts empty each time, so the ledger shows a first sync; a running `--keep` demo is left alone. */
function freshStore(storeDir: string): void {
  if (!existsSync(storeDir)) return;
  acquireStoreLock(storeDir)();
  rmSync(storeDir, { recursive: true, force: true });
}

async function http<T>(base: string, key: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'x-purpose': encodeURIComponent(PURPOSE), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new ExitError(EXIT_FAILED, `demo: ${method} ${url} answered ${res.status} ${json.error?.code ?? ''} ${json.error?.message ?? ''}`);
  return json;
}

/** Whether the API's answer for a demo holder is what the generator planted. */
function matchesPlan(result: CheckResult, plan: DemoCase): boolean {
  return plan.materials.every((m) => result.materials.find((r) => r.material_code === m.material_code)?.status === m.expected);
}

function holderLabel(c: DemoCase): string {
  return `${c.holder_name} ${c.holder_kind === 'person' ? maskId(c.holder_id) : c.holder_id}`;
}

/**
 * One department read from its JSON API, which fails on purpose (500, 429, a dropped connection):
 * the sync retries and loads everything; a second, incremental sync takes one record changed in
 * place and one committed late. Returns what went wrong.
 */
async function syncOverHttp(db: Catalog['db'], workspace: string, opts: Parameters<typeof syncPipelines>[2]): Promise<string[]> {
  heading('2b. One department over HTTP: its API answers 500, 429 and drops a connection; the sync retries');
  const api = await startDepartmentApi({ records: departmentRecords(120) });
  try {
    const dir = path.join(workspace, 'live-pipelines');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${DEPARTMENT_PIPELINE}.yaml`), departmentPipelineYaml({ backoff: '20ms' }));
    const defs = loadDefinitions(dir, { ...process.env, DEPT_API_URL: api.url, DEPT_API_TOKEN: api.token });
    api.inject({ kind: 'status' }, { at: 1 });
    api.inject({ kind: 'throttle', retryAfter: '0' }, { at: 3 });
    api.inject({ kind: 'reset' }, { at: 5 });
    // The retries are summed up below instead of logged one by one.
    const quiet = { ...opts, logger: createLogger({ level: process.env.ECERT_LOG_LEVEL ?? 'error' }) };
    const first = await syncPipelines(db, defs.pipelines, quiet);
    const newest = Date.parse(api.records.at(-1)!.updated_at);
    api.update(api.records[0]!.id, { state: '注销' }, new Date(newest + 60_000).toISOString());
    api.insert({ ...api.records[1]!, company_name: '迟到记录建筑工程有限公司', updated_at: new Date(newest - 5 * 60_000).toISOString() });
    const second = await syncPipelines(db, defs.pipelines, quiet);
    printSyncSummary([...first, ...second], false);
    const faults = api.requests.filter((r) => r.status !== 200).length;
    printLine(`  ${api.requests.length} requests to ${api.url}, ${faults} answered with a fault and retried; the second sync asked for updated_since = floor − lag`);
    const problems: string[] = [];
    if (first[0]?.status !== 'succeeded' || first[0].inserted !== 120) problems.push(`the HTTP sync loaded ${first[0]?.inserted ?? 0} of 120 records`);
    if (second[0]?.inserted !== 1 || second[0].updated !== 1) problems.push('the incremental HTTP sync missed the late or the changed record');
    return problems;
  } finally {
    await api.close();
  }
}

/**
 * What to try after the demo, as commands that work right after `npm install`: through npx,
 * since the project's own `ecert` is not on PATH.
 */
export function nextSteps(workspace: string): string {
  const dir = path.relative(process.cwd(), workspace) || '.';
  return `Next: npx ecert runs -w ${dir}, npx ecert quarantine list -w ${dir}, npx ecert init my-hub (README.md, "For data engineers")`;
}

/**
 * `ecert demo` (`npm start`): generated department data → pipelines → catalogue → the lookup
 * API over HTTP, end to end on the embedded store (or ECERT_DATABASE_URL), then stops.
 */
export async function demo(opts: DemoOptions): Promise<void> {
  const started = Date.now();
  const workspace = path.resolve(opts.workspace);
  const today = shanghaiDate();
  const config0 = loadConfig({ workspace });
  if (!config0.databaseUrl) freshStore(config0.storeDir);

  heading(`1. Generating ${opts.rows} records from five departments into ${path.relative(process.cwd(), workspace) || workspace}`);
  const manifest: Manifest = await generateWorkspace({ out: workspace, rows: opts.rows, seed: opts.seed, today });
  for (const d of manifest.departments) printLine(`  ${d.file.padEnd(32)} ${String(d.read).padStart(7)} rows  ${d.department}`);
  printLine(`  ${manifest.matters.file.padEnd(32)} ${String(manifest.matters.count).padStart(7)} matters (事项) with their materials`);

  const failures: string[] = [];
  await withCatalog(workspace, async (catalog, config) => {
    heading(`2. Syncing every pipeline into the ${catalog.kind === 'pglite' ? 'embedded catalogue (.ecert/)' : 'Postgres catalogue'}`);
    const defs = loadDefinitions(config.pipelinesDir);
    const progress = syncProgress(true);
    let reports: SyncReport[];
    try {
      reports = await syncPipelines(catalog.db, defs.pipelines, {
        locks: pipelineLocks(catalog),
        workspace,
        batchSize: config.batchSize,
        certificateTypes: config.settings.certificate_types,
        onProgress: (p) => progress.update(p),
      });
    } finally {
      progress.stop();
    }
    printSyncSummary(reports, false);
    for (const r of reports.filter((x) => x.status !== 'succeeded')) failures.push(`pipeline ${r.pipeline} failed`);
    failures.push(
      ...(await syncOverHttp(catalog.db, workspace, {
        locks: pipelineLocks(catalog),
        workspace,
        batchSize: config.batchSize,
        certificateTypes: config.settings.certificate_types,
      })),
    );

    heading('3. Data quality (DuckDB quality report)');
    const quality = await buildQualityReport(catalog.db, { thresholds: config.settings.quality, databaseUrl: config.databaseUrl, today });
    const [reportFile] = await writeQualityReport(quality, 'html', path.join(workspace, defaultReportPath('html', quality.as_of)));
    printScores(quality);
    printLine(`  report written to ${path.relative(process.cwd(), reportFile!) || reportFile}`);

    heading('4. Lookup API for window systems');
    const holderHashKey = resolveHolderHashKey(config);
    const app = await build({ db: catalog.db, logger: createLogger({ level: process.env.ECERT_LOG_LEVEL ?? 'warn' }), holderHashKey });
    const base = await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
    try {
      const client = await createApiClient(catalog.db, `demo-window-${Date.now()}`, ['certificates:read', 'checks:run']);
      printLine(`  listening on ${base} (OpenAPI at ${base}/docs); client "${client.name}" created`);

      const sample = manifest.holders.find((h) => h.query !== h.holder_id) ?? manifest.holders[0];
      if (sample) {
        const found = await http<{ certificates: unknown[] }>(base, client.key, 'GET', `/v1/holders/${encodeURIComponent(sample.query)}/certificates`);
        const shown = sample.holder_kind === 'person' ? maskId(sample.holder_id) : sample.holder_id;
        printLine(`  GET /v1/holders/…/certificates for an id written as a department wrote it → ${shown}: ${found.certificates.length} certificate(s)`);
        if (found.certificates.length !== sample.certificates) failures.push(`lookup of ${shown} found ${found.certificates.length}, expected ${sample.certificates}`);
      }

      heading('5. 免证办理 checks: which materials the applicant need not bring');
      const cases: [string, DemoCase][] = [
        ['every material covered by certificates on file', manifest.demo.full_holder],
        ['one material missing, one expired', manifest.demo.partial_holder],
      ];
      for (const [title, plan] of cases) {
        const result = await http<CheckResult>(base, client.key, 'POST', '/v1/checks', { matter_code: plan.matter_code, holder_id: plan.holder_id, purpose: PURPOSE });
        printLine();
        printLine(`  ${title}: ${holderLabel(plan)}`);
        printCheckResult({ ...result, holder_id: holderLabel(plan) }, '  ');
        if (!matchesPlan(result, plan)) failures.push(`check for ${holderLabel(plan)} differs from the planted data`);
      }

      if (opts.keep) {
        heading('The API keeps running (Ctrl-C to stop). Try:');
        const full = manifest.demo.full_holder;
        printLine(`  curl -H 'Authorization: Bearer ${client.key}' -H 'X-Purpose: demo' ${base}/v1/holders/${full.holder_id}/certificates`);
        printLine(
          `  curl -H 'Authorization: Bearer ${client.key}' -H 'Content-Type: application/json' ${base}/v1/checks -d '${JSON.stringify({ matter_code: full.matter_code, holder_id: full.holder_id, purpose: 'demo' })}'`,
        );
        printLine(`  open ${base}/docs`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
      }
    } finally {
      await app.close();
    }
  });

  heading(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. ${nextSteps(workspace)}`);
  if (failures.length > 0) throw new ExitError(EXIT_FAILED, `demo checks failed:\n  ${failures.join('\n  ')}`);
}
