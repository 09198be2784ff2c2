import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditVerify } from '../../cli/commands/audit.ts';
import { check } from '../../cli/commands/check.ts';
import { clientsAdd, clientsList, clientsRevoke } from '../../cli/commands/clients.ts';
import { lookup } from '../../cli/commands/lookup.ts';
import { lookups } from '../../cli/commands/lookups.ts';
import { ExitError } from '../../cli/exit-error.ts';
import { withCatalog } from '../../cli/with-catalog.ts';
import { hashApiKey } from '../../lookups/api-key.ts';
import { syncedCliWorkspace } from '../cli/cli-workspace.ts';
import { startServe } from '../cli/serve-process.ts';
import { captureStdout as printed } from '../cli/capture-stdout.ts';
import { copyWorkspace } from '../pipelines/workspace-copy.ts';
import { targets } from '../setup.ts';
import { bearer, buildApp, syncDirtyWorkspace, truth } from './api-fixture.ts';
import { runCli } from '../cli/run-cli.ts';


for (const target of targets()) {
  describe(`ecert clients, lookup, check, lookups, audit verify [${target}]`, () => {
    const cli = syncedCliWorkspace(target);
    const opts = () => ({ workspace: cli.workspace() });
    const withDb = cli.withDb;

    it('clients add prints the key once and stores only its hash; list never shows keys; revoke stops it', async () => {
      const { result: added, out } = await printed(() => clientsAdd('window-a', { ...opts(), scopes: 'certificates:read,checks:run', json: true }));
      expect(JSON.parse(out)).toEqual({ id: added.id, name: 'window-a', key: added.key, scopes: ['certificates:read', 'checks:run'] });
      expect(added.key).toMatch(/^ek_[A-Za-z0-9_-]{43}$/);
      const stored = await withDb((db) => db.selectFrom('api_clients').selectAll().where('id', '=', added.id).executeTakeFirstOrThrow());
      expect(stored.key_hash).toBe(hashApiKey(added.key));
      expect(JSON.stringify(stored)).not.toContain(added.key);

      const human = await printed(() => clientsAdd('window-b', { ...opts(), scopes: 'checks:run' }));
      expect(human.out).toContain(human.result.key);

      const listed = await printed(() => clientsList({ ...opts(), json: true }));
      expect(listed.result.map((c) => c.name)).toEqual(['window-a', 'window-b']);
      expect(listed.out).not.toContain(added.key);
      expect(listed.out).not.toContain('"key"');

      await printed(() => clientsRevoke('window-b', opts()));
      expect((await printed(() => clientsList({ ...opts(), json: true }))).result.map((c) => c.name)).toEqual(['window-a']);
      expect((await printed(() => clientsList({ ...opts(), all: true, json: true }))).result).toHaveLength(2);
      await expect(printed(() => clientsRevoke('window-b', opts()))).rejects.toMatchObject({ exitCode: 2 });
      await expect(printed(() => clientsAdd('window-a', { ...opts(), scopes: 'checks:run' }))).rejects.toMatchObject({ code: 'HUB_ERR_USAGE' });
    });

    it('an unknown scope is bad usage', async () => {
      await expect(clientsAdd('x', { ...opts(), scopes: 'certificates:read,certificates:write' })).rejects.toMatchObject({ code: 'HUB_ERR_USAGE' });
    });

    it('lookup and check print what the API answers, and are logged under client cli', async () => {
      const person = truth.holders.find((h) => h.person && /[^\x00-\x7F]/.test(h.query))!;
      const cliLookup = await printed(() => lookup(person.query, { ...opts(), purpose: '窗口核验', json: true }));
      const cliCheck = await printed(() => check(truth.matters[0], truth.examples.revoked, { ...opts(), purpose: '窗口核验', json: true }));
      expect(JSON.parse(cliLookup.out)).toEqual(cliLookup.result);

      const key = (await printed(() => clientsAdd('compare', { ...opts(), scopes: 'certificates:read,checks:run' }))).result.key;
      await withDb(async (db) => {
        const app = await buildApp(db, { today: () => new Date() });
        try {
          const viaApi = await app.inject({ url: `/v1/holders/${encodeURIComponent(person.query)}/certificates?purpose=p`, headers: bearer(key) });
          expect(viaApi.json()).toEqual(JSON.parse(cliLookup.out));
          const checked = await app.inject({
            method: 'POST',
            url: '/v1/checks',
            headers: bearer(key),
            payload: { matter_code: truth.matters[0], holder_id: truth.examples.revoked, purpose: 'p' },
          });
          expect(checked.json()).toEqual(JSON.parse(cliCheck.out));
        } finally {
          await app.close();
        }
      });

      const logged = await printed(() => lookups({ ...opts(), client: 'cli', since: '1h', json: true }));
      // Newest first.
      expect(logged.result.map((r) => [r.kind, r.purpose, r.client_id])).toEqual([
        ['check', '窗口核验', 'cli'],
        ['holder', '窗口核验', 'cli'],
      ]);
      expect(logged.result.every((r) => r.block_id !== null && r.holder_hash !== null)).toBe(true);
      expect(logged.out).not.toContain(person.holder_id);
      expect(logged.out).not.toContain(truth.examples.revoked);
    });

    it('human output names matter, materials, statuses and the certificate used', async () => {
      const { out } = await printed(() => check(truth.matters[0], truth.examples.valid, { ...opts(), purpose: '窗口核验' }));
      expect(out).toContain('食品经营许可');
      expect(out).toMatch(/M01\s+营业执照\s+yes\s+satisfied\s+scjg-yyzz YYZZ\d+ from \w+, long-term/);
      expect(out).toMatch(/M02\s+.*not_replaceable/);
      expect(out).toContain('2 materials, 1 replaceable by a certificate, 1 satisfied');
      const listed = await printed(() => lookup(truth.examples.expired, { ...opts(), purpose: '窗口核验' }));
      expect(listed.out).toContain('valid, expired');
    });

    it('lookup and check refuse to run without a purpose; bad options are usage errors', async () => {
      await expect(lookup(truth.examples.valid, opts())).rejects.toMatchObject({ code: 'HUB_ERR_PURPOSE_REQUIRED' });
      await expect(check(truth.matters[0], truth.examples.valid, opts())).rejects.toMatchObject({ code: 'HUB_ERR_PURPOSE_REQUIRED' });
      await expect(lookup(truth.examples.valid, { ...opts(), purpose: 'p', status: 'gone' })).rejects.toBeInstanceOf(ExitError);
      await expect(lookups({ ...opts(), since: 'last tuesday' })).rejects.toMatchObject({ exitCode: 2 });
    });

    it('audit verify passes, and fails with exit 1 once a sealed lookup row is altered', async () => {
      const ok = await printed(() => auditVerify({ ...opts(), json: true }));
      expect(ok.result.ok).toBe(true);
      expect(ok.result.lookupLog.rows).toBeGreaterThan(0);
      await withDb((db) => db.updateTable('lookup_log').set({ purpose: 'altered' }).where('seq', '=', 1).execute());
      await expect(printed(() => auditVerify(opts()))).rejects.toMatchObject({ exitCode: 1 });
    });
  });
}

describe('ecert as a process [pglite]', () => {
  let workspace = '';
  const env = { ...process.env, ECERT_DATABASE_URL: '', ECERT_HOLDER_HASH_KEY: '', ECERT_LOG_LEVEL: 'info' };

  beforeAll(async () => {
    workspace = copyWorkspace('dirty-workspace');
    await withCatalog(workspace, (c) => syncDirtyWorkspace(c.db, workspace));
  });

  it('exits 2 for an unknown scope', () => {
    const run = runCli(['clients', 'add', 'x', '--scopes', 'certificates:write', '-w', workspace], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown scope "certificates:write"');
  });

  it('serve listens, logs its URL, answers, and on SIGTERM closes cleanly with the lookup log sealed', async () => {
    const added = runCli(['clients', 'add', 'srv', '--scopes', 'certificates:read', '--json', '-w', workspace], { env });
    const { key } = JSON.parse(added.stdout) as { key: string };
    const { child, url, stderr: logged } = await startServe(['-w', workspace], env);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const answer = await fetch(`${url}/v1/holders/${truth.examples.valid}/certificates`, {
      headers: { ...bearer(key), 'x-purpose': encodeURIComponent('核验') },
    });
    expect(answer.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(logged()).toContain('stopped');
    expect(logged()).not.toContain(truth.examples.valid);
    const rows = await withCatalog(workspace, (c) => c.db.selectFrom('lookup_log').selectAll().execute());
    expect(rows).toHaveLength(1);
    expect(rows[0]?.block_id).not.toBeNull();
  });
});
