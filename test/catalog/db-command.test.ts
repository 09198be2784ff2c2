import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS } from '../../catalog/migrations/index.ts';
import { dbMigrate, dbStatus } from '../../cli/commands/db.ts';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'ecert-db-cmd-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('ecert db (embedded store)', () => {
  let out: string[];
  const saved = process.env.ECERT_DATABASE_URL;
  beforeEach(() => {
    delete process.env.ECERT_DATABASE_URL;
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (saved !== undefined) process.env.ECERT_DATABASE_URL = saved;
  });

  it('reports pending migrations, applies them once, then reports up to date', async () => {
    const all = Object.keys(MIGRATIONS);
    expect((await dbStatus({ workspace, json: true })).pending).toEqual(all);
    const before = JSON.parse(out.join('')) as { database: string; pending: string[] };
    expect(before).toMatchObject({ database: 'pglite', pending: all });

    out = [];
    expect(await dbMigrate({ workspace })).toEqual({ applied: all });
    expect(out.join('')).toContain(`applied ${all.length} migration(s)`);

    out = [];
    expect(await dbMigrate({ workspace, json: true })).toEqual({ applied: [] });
    expect(JSON.parse(out.join(''))).toMatchObject({ database: 'pglite', applied: [] });

    out = [];
    await dbStatus({ workspace });
    expect(out.join('')).toContain('up to date');
  });
});
