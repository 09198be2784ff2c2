import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationStatus } from '../../catalog/migrate.ts';
import { MIGRATIONS } from '../../catalog/migrations/index.ts';
import { openTarget, type OpenTarget } from '../setup.ts';
import { runCli } from './run-cli.ts';

const postgres = Boolean(process.env.ECERT_TEST_DATABASE_URL);
if (!postgres) console.warn('SKIPPED the Postgres half of schema-version.test.ts: set ECERT_TEST_DATABASE_URL to run it');

const workspace = mkdtempSync(path.join(os.tmpdir(), 'ecert-schema-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

// The embedded store migrating itself on any command is what every other CLI test relies on.
describe('which commands migrate the catalogue', () => {
  it('an ECERT_DATABASE_URL that is not a Postgres URL stops every command with exit 2 instead of using the embedded store', () => {
    const r = runCli(['runs', '-w', workspace], { env: { ECERT_DATABASE_URL: 'mysql://root@127.0.0.1:3306/test' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('HUB_ERR_CONFIG_INVALID');
    expect(r.stderr).toContain('ECERT_DATABASE_URL');
  });

  describe.skipIf(!postgres)('on Postgres', () => {
    let server: OpenTarget;
    beforeAll(async () => {
      server = await openTarget('postgres', { migrate: false });
    });
    afterAll(async () => {
      await server?.dispose();
    });
    const env = () => ({ ECERT_DATABASE_URL: server.config.databaseUrl });

    it('other commands refuse a schema that is behind with exit 2 and leave it alone; `ecert db migrate` migrates', async () => {
      const runs = runCli(['runs', '-w', workspace], { env: env() });
      expect(runs.code).toBe(2);
      expect(runs.stderr).toContain('HUB_ERR_SCHEMA_OUTDATED');
      expect(runs.stderr).toContain('run `ecert db migrate`');
      const clients = runCli(['clients', 'list', '-w', workspace], { env: env() });
      expect(clients.code).toBe(2);
      expect(clients.stderr).toContain('HUB_ERR_SCHEMA_OUTDATED');
      expect((await migrationStatus(server.catalog.db)).pending).toEqual(Object.keys(MIGRATIONS));

      const migrate = runCli(['db', 'migrate', '-w', workspace], { env: env() });
      expect(migrate.code).toBe(0);
      expect((await migrationStatus(server.catalog.db)).pending).toEqual([]);
      const after = runCli(['runs', '--json', '-w', workspace], { env: env() });
      // The workspace has no pipelines, which `runs` only warns about.
      expect(after.stderr).not.toContain('HUB_ERR');
      expect(after.code).toBe(0);
    });
  });
});
