import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { numberOf, seedTamperCatalogue } from '../../bench/reliability/tamper-cases.ts';
import { openDatabase } from '../../catalog/open-database.ts';
import { tempDir } from '../temp-dir.ts';
import { runCli } from './run-cli.ts';

describe('ecert audit verify [pglite]', () => {
  const workspace = tempDir('audit-verify');
  const storeDir = path.join(workspace, '.ecert');
  const alter = async (statement: ReturnType<typeof sql>) => {
    const catalog = await openDatabase({ storeDir }, { migrate: true });
    try {
      await statement.execute(catalog.db);
    } finally {
      await catalog.close();
    }
  };

  beforeAll(async () => {
    const catalog = await openDatabase({ storeDir }, { migrate: true });
    try {
      await seedTamperCatalogue(catalog.db);
    } finally {
      await catalog.close();
    }
  });

  it('exits 0 on an untouched catalogue and shows the newest block hashes', () => {
    const r = runCli(['audit', 'verify', '-w', workspace]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('every chain verified');
    expect(r.stdout).toMatch(/certificate seals block 1: [0-9a-f]{64}/);
  });

  it('lists every broken link up to --max, masks holder ids, and exits 1', async () => {
    await alter(sql`update certificates set holder_id = '330102199001011234' where cert_number <> ${numberOf(1)}`);
    const r = runCli(['audit', 'verify', '-w', workspace, '--max', '2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BROKEN: 3 broken links');
    expect(r.stdout).toContain(`certificates cert_type_code=zj-fdcjjjg issuer_code=11330500002575637J cert_number=${numberOf(2)} column holder_id: differs from version 2`);
    expect(r.stdout).toContain('found 330102********1234');
    expect(r.stdout).not.toContain('330102199001011234');
    expect(r.stdout).toContain('… and 1 more (raise --max to list them)');

    const json = runCli(['audit', 'verify', '-w', workspace, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; brokenLinks: number; breaks: { table: string; column: string }[] };
    expect(report).toMatchObject({ ok: false, brokenLinks: 3 });
    expect(report.breaks.map((b) => [b.table, b.column])).toEqual([
      ['certificates', 'holder_id'],
      ['certificates', 'holder_id'],
      ['certificates', 'holder_id'],
    ]);
  });

  it('refuses a --max that is not a whole number of at least 1', () => {
    const r = runCli(['audit', 'verify', '-w', workspace, '--max', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max must be a whole number of at least 1');
  });
});
