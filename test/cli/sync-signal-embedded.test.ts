import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCertificateTypes } from '../../catalog/certificate-type-repository.ts';
import { openDatabase } from '../../catalog/open-database.ts';
import { loadWorkspaceSettings } from '../../core/config.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { syncPipelines } from '../../pipelines/sync-pipelines.ts';
import { openTarget } from '../setup.ts';
import { catalogueDigest } from '../../bench/reliability/catalogue-digest.ts';
import { licenceWorkspace } from '../../bench/reliability/licence-workspace.ts';
import { runCli } from './run-cli.ts';
import { ECERT_BIN } from '../cli-bundle.ts';

const ROWS = 3000;
const BATCH = 250;

/** Starts `ecert sync` on the embedded store and sends SIGTERM once its first batch has committed (its debug log says so). */
function syncStoppedAfterFirstBatch(workspace: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [ECERT_BIN, 'sync', 'licences', '--json', '-w', workspace], {
    env: { ...process.env, ECERT_DATABASE_URL: '', ECERT_BATCH_SIZE: String(BATCH), ECERT_LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let sent = false;
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!sent && stderr.includes('"event":"batch_loaded"')) {
      sent = true;
      proc.kill('SIGTERM');
    }
  });
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe(`SIGTERM during ecert sync on the embedded store (${ROWS} rows, batches of ${BATCH})`, () => {
  let workspace: string;
  beforeAll(() => {
    workspace = licenceWorkspace(ROWS);
  });
  afterAll(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('commits the current batch, closes the store, marks the run interrupted and exits 143; a rerun completes the catalogue', { timeout: 180_000 }, async () => {
    const stopped = await syncStoppedAfterFirstBatch(workspace);
    expect(stopped.code).toBe(143);
    expect(JSON.parse(stopped.stdout)).toMatchObject([{ status: 'interrupted', error: { code: 'HUB_ERR_RUN_INTERRUPTED' } }]);

    // The store was closed properly: it opens, and its lock file is gone.
    const store = await openDatabase({ storeDir: path.join(workspace, '.ecert') });
    try {
      const runs = await store.db.selectFrom('runs').selectAll().execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'interrupted', error: { code: 'HUB_ERR_RUN_INTERRUPTED' } });
      expect(runs[0]!.finished_at).toBeInstanceOf(Date);
      expect(Number(runs[0]!.read)).toBeGreaterThan(0);
      expect(Number(runs[0]!.read)).toBeLessThan(ROWS);
    } finally {
      await store.close();
    }

    const ledger = runCli(['runs', '-w', workspace]);
    expect(ledger.code).toBe(0);
    expect(ledger.stdout).toMatch(/licences\s+manual\s+interrupted/);
    expect(ledger.stdout).toContain('interrupted: HUB_ERR_RUN_INTERRUPTED stopped by SIGTERM');

    const rerun = runCli(['sync', 'licences', '-w', workspace], { env: { ECERT_BATCH_SIZE: String(BATCH) } });
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);

    // The same file synced in one go, in this process, into a fresh store.
    const clean = await openTarget('pglite');
    const resumed = await openDatabase({ storeDir: path.join(workspace, '.ecert') });
    try {
      const certificateTypes = loadWorkspaceSettings(workspace).certificate_types;
      await upsertCertificateTypes(clean.catalog.db, certificateTypes);
      const [report] = await syncPipelines(clean.catalog.db, loadDefinitions(path.join(workspace, 'pipelines')).pipelines, { workspace, batchSize: BATCH, certificateTypes });
      expect(report?.status).toBe('succeeded');
      const runs = await resumed.db.selectFrom('runs').select(['status', 'read']).orderBy('started_at').execute();
      expect(runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
      expect(runs.reduce((n, r) => n + Number(r.read), 0)).toBe(ROWS);
      expect(await catalogueDigest(resumed.db)).toEqual(await catalogueDigest(clean.catalog.db));
    } finally {
      await resumed.close();
      await clean.dispose();
    }
  });
});
