import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
    expect((await dbStatus({ workspace, json: true })).pending).toEqual(['2026-11-23T0000-initial']);
    const before = JSON.parse(out.join('')) as { database: string; pending: string[] };
    expect(before).toMatchObject({ database: 'pglite', pending: ['2026-11-23T0000-initial'] });

    out = [];
    expect(await dbMigrate({ workspace })).toEqual({ applied: ['2026-11-23T0000-initial'] });
    expect(out.join('')).toContain('applied 1 migration(s)');

    out = [];
    expect(await dbMigrate({ workspace, json: true })).toEqual({ applied: [] });
    expect(JSON.parse(out.join(''))).toMatchObject({ database: 'pglite', applied: [] });

    out = [];
    await dbStatus({ workspace });
    expect(out.join('')).toContain('up to date');
  });
});
