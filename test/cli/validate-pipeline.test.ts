import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sync } from '../../cli/commands/sync.ts';
import { validate } from '../../cli/commands/validate.ts';
import { ExitError } from '../../cli/exit-error.ts';
import type { DryRunResult } from '../../pipelines/dry-run-pipeline.ts';
import type { SyncReport } from '../../pipelines/sync-pipelines.ts';
import { copyWorkspace, FIXTURES } from '../pipelines/workspace-copy.ts';

interface Truth {
  [pipeline: string]: { read: number; inserted: number; duplicates: number; quarantined: Record<string, number> };
}

const truth = JSON.parse(readFileSync(path.join(FIXTURES, 'dirty-workspace', 'truth.json'), 'utf8')) as Truth;
// The day truth.json is judged against.
const today = new Date('2026-11-23T12:00:00+08:00');
const PIPELINES = ['licences', 'matters', 'qualifications'] as const;

/** Runs a command as the CLI does and returns what it printed and its exit code. */
async function command(run: () => Promise<unknown>): Promise<{ stdout: string; exitCode: number }> {
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await run();
    return { stdout: chunks.join(''), exitCode: 0 };
  } catch (err) {
    if (err instanceof ExitError) return { stdout: chunks.join(''), exitCode: err.exitCode };
    throw err;
  } finally {
    write.mockRestore();
  }
}

function reasonCounts(entries: { reason: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of entries) out[q.reason] = (out[q.reason] ?? 0) + 1;
  return out;
}

describe('ecert validate --pipeline and ecert sync --dry-run on the dirty workspace', () => {
  let workspace = '';
  let dryRun: SyncReport[] = [];
  const validated = new Map<string, { result: DryRunResult; exitCode: number }>();

  beforeAll(async () => {
    workspace = copyWorkspace('dirty-workspace');
    const s = await command(() => sync([], { workspace, all: true, dryRun: true, json: true, today }));
    expect(s.exitCode).toBe(0);
    dryRun = JSON.parse(s.stdout) as SyncReport[];
    for (const name of PIPELINES) {
      const v = await command(() => validate(undefined, { pipeline: name, workspace, json: true, today }));
      validated.set(name, { result: JSON.parse(v.stdout) as DryRunResult, exitCode: v.exitCode });
    }
  }, 120_000);

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it.each(PIPELINES)('%s: both give the same counts and the same reason for each quarantined line', (name) => {
    const v = validated.get(name)!.result;
    const s = dryRun.find((r) => r.pipeline === name)!;
    expect(v.status).toBe('succeeded');
    expect(s.status).toBe('succeeded');
    const counts = (r: { read: number; valid?: number; duplicates: number; quarantined: number; skipped: number }) => ({
      read: r.read,
      valid: r.valid,
      duplicates: r.duplicates,
      quarantined: r.quarantined,
      skipped: r.skipped,
    });
    expect(counts(v)).toEqual(counts(s));
    // Line, reason, JSON path and message of every quarantined record.
    expect(v.quarantine).toEqual(s.quarantine);
    expect(s.quarantine_reasons).toEqual(reasonCounts(v.quarantine));
    expect(v.read).toBe(v.valid + v.duplicates + v.quarantined);
    expect(validated.get(name)!.exitCode, 'exit 1 when a record would be quarantined').toBe(v.quarantined > 0 ? 1 : 0);
  });

  it.each(['licences', 'qualifications'])('%s: the counts equal the ground truth', (name) => {
    const v = validated.get(name)!.result;
    const t = truth[name]!;
    expect({ read: v.read, valid: v.valid, duplicates: v.duplicates, quarantined: reasonCounts(v.quarantine) }).toEqual({
      read: t.read,
      valid: t.inserted,
      duplicates: t.duplicates,
      quarantined: t.quarantined,
    });
  });

  it('writes nothing: a real sync afterwards still inserts every valid record', async () => {
    const s = await command(() => sync(['licences'], { workspace, json: true, today }));
    const [report] = JSON.parse(s.stdout) as SyncReport[];
    expect(report).toMatchObject({ status: 'succeeded', inserted: truth.licences!.inserted, unchanged: 0 });
  });
});
