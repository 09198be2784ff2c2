import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { throwAwayDatabase, withPgClient } from '../../bench/throwaway-database.ts';
import { bearer } from '../api/api-fixture.ts';
import { tempDir } from '../temp-dir.ts';
import { runCli } from './run-cli.ts';
import { startServe, type ServeProcess } from './serve-process.ts';

const root = tempDir('serve-pool');
/** A valid USCC no certificate is stored under: the lookup answers an empty list and is logged all the same. */
const HOLDER = '91110105000000001Y';

function emptyWorkspace(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'pipelines'), { recursive: true });
  return dir;
}

describe('ecert serve --pool and ECERT_POOL_SIZE', () => {
  it('refuses a pool size that is not a positive whole number with exit 2, naming the option', () => {
    const workspace = emptyWorkspace('bad-option');
    for (const bad of ['0', 'ten']) {
      const run = runCli(['serve', '--port', '0', '--pool', bad, '-w', workspace]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain(`--pool must be a positive whole number of connections, got "${bad}"`);
      expect(run.stderr).not.toContain('listening');
    }
  });

  it('refuses a bad ECERT_POOL_SIZE with exit 2, naming the variable', () => {
    const workspace = emptyWorkspace('bad-env');
    for (const bad of ['-1']) {
      const run = runCli(['serve', '--port', '0', '-w', workspace], { env: { ECERT_POOL_SIZE: bad } });
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain(`ECERT_POOL_SIZE must be a positive whole number, got "${bad}"`);
    }
  });

  it.runIf(process.env.ECERT_TEST_DATABASE_URL)('opens no more Postgres connections than --pool says, whatever ECERT_POOL_SIZE is', async () => {
    const database = await throwAwayDatabase(process.env.ECERT_TEST_DATABASE_URL!, 'ecert_test_pool');
    const workspace = emptyWorkspace('postgres');
    const url = new URL(database.url);
    url.searchParams.set('application_name', 'ecert-pool-test');
    const env = { ECERT_DATABASE_URL: url.toString(), ECERT_HOLDER_HASH_KEY: 'pool-test-hash-key-0123456789', ECERT_POOL_SIZE: '12', ECERT_LOG_LEVEL: 'info' };
    let served: ServeProcess | undefined;
    try {
      expect(runCli(['db', 'migrate', '-w', workspace], { env }).code).toBe(0);
      const { key } = JSON.parse(runCli(['clients', 'add', 'pool', '--scopes', 'certificates:read', '--json', '-w', workspace], { env }).stdout) as { key: string };
      served = await startServe(['--pool', '2', '-w', workspace], { ...process.env, ...env });
      const address = served.url;
      expect(served.stderr()).toContain('"pool_size":2');
      // Concurrent lookups: each wants a connection for its read and the log's group insert wants one more.
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => fetch(`${address}/v1/holders/${HOLDER}/certificates?purpose=p`, { headers: bearer(key) })),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      const open = await withPgClient(process.env.ECERT_TEST_DATABASE_URL!, async (c) => {
        const { rows } = await c.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where application_name = 'ecert-pool-test' and datname = $1`,
          [url.pathname.slice(1)],
        );
        return rows[0]!.n;
      });
      expect(open).toBeGreaterThan(0);
      expect(open).toBeLessThanOrEqual(2);
    } finally {
      if (served !== undefined && served.child.exitCode === null && served.child.signalCode === null) {
        served.child.kill('SIGTERM');
        await once(served.child, 'exit');
      }
      await database.drop();
    }
  });
});
