import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoData } from '../../cli/commands/demo-data.ts';
import { ExitError } from '../../cli/exit-error.ts';
import { buildProgram } from '../../cli/program.ts';
import { TODAY } from './workspace-fixture.ts';

describe('ecert demo-data', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-demo-cli-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    vi.restoreAllMocks();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is registered on the program', () => {
    const command = buildProgram().commands.find((c) => c.name() === 'demo-data');
    expect(command?.options.map((o) => o.long)).toEqual(['--out', '--rows', '--seed', '--today', '--json']);
  });

  it('prints the manifest summary as one JSON document, without the per-row defect lists', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const manifest = await demoData({ out: tempDir(), rows: '120', seed: '4', today: TODAY, json: true });
    const printed = JSON.parse(out.join('')) as { departments: Record<string, unknown>[] };
    expect(printed.departments.length).toBe(5);
    for (const d of printed.departments) {
      expect(d).not.toHaveProperty('defects');
      expect(d).toHaveProperty('defects_by_kind');
    }
    expect(manifest.rows).toBe(120);
  });

  it('prints a table per department in text mode', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    await demoData({ out: tempDir(), rows: 60, seed: 1, today: TODAY });
    const text = out.join('');
    for (const name of ['scjg-business-licences', 'zj-construction-qualifications', 'rs-professional-qualifications', 'mz-marriage-registrations', 'wj-physician-licences', 'matters']) {
      expect(text).toContain(name);
    }
    expect(text).toContain('manifest.json');
  });

  it('stops with a usage error for bad numbers', async () => {
    await expect(demoData({ out: tempDir(), rows: 'many' })).rejects.toMatchObject({ exitCode: 2 });
    await expect(demoData({ out: tempDir(), rows: 10 })).rejects.toBeInstanceOf(ExitError);
    await expect(demoData({ out: tempDir(), rows: 100, today: '2021-02-30' })).rejects.toMatchObject({ exitCode: 2 });
  });
});
