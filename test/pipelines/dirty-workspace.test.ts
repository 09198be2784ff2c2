import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { certificatesByHolder } from '../../catalog/certificate-repository.ts';
import { listQuarantine } from '../../catalog/quarantine-repository.ts';
import { loadWorkspaceSettings } from '../../core/config.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import type { SyncReport } from '../../pipelines/sync-pipelines.ts';
import { syncPipelines } from '../../pipelines/sync-pipelines.ts';
import { classifyId } from '../../schemas/formats/classify-id.ts';
import { forEachTarget } from '../setup.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';
import { copyWorkspace, FIXTURES } from './workspace-copy.ts';

interface Truth {
  licences: { read: number; inserted: number; duplicates: number; quarantined: Record<string, number> };
  qualifications: { read: number; inserted: number; duplicates: number; quarantined: Record<string, number> };
  holders: { query: string; holder_id: string; certificates: number }[];
}

const truth = JSON.parse(readFileSync(path.join(FIXTURES, 'dirty-workspace', 'truth.json'), 'utf8')) as Truth;
const today = new Date('2026-11-23T12:00:00+08:00');

forEachTarget('sync of the independent dirty workspace', (getCatalog) => {
  let workspace = '';
  let first: SyncReport[] = [];

  const syncAll = async () => {
    const defs = loadDefinitions(path.join(workspace, 'pipelines'));
    expect(defs.errors).toEqual([]);
    return syncPipelines(getCatalog().db, defs.pipelines, {
      workspace,
      batchSize: 5000,
      certificateTypes: loadWorkspaceSettings(workspace).certificate_types,
      today,
    });
  };
  const byName = (reports: SyncReport[], name: string) => reports.find((r) => r.pipeline === name)!;

  beforeAll(async () => {
    workspace = copyWorkspace('dirty-workspace');
    first = await syncAll();
  });

  it.each(['licences', 'qualifications'] as const)('%s: counts equal the ground truth', (name) => {
    const r = byName(first, name);
    const t = truth[name];
    expect(r.status).toBe('succeeded');
    expect({ read: r.read, inserted: r.inserted, updated: r.updated, duplicates: r.duplicates }).toEqual({
      read: t.read,
      inserted: t.inserted,
      updated: 0,
      duplicates: t.duplicates,
    });
    expect(r.quarantine_reasons).toEqual(t.quarantined);
    expect(r.read).toBe(r.inserted + r.updated + r.unchanged + r.duplicates + r.quarantined);
  });

  it('the run ledger adds up, per reason too', async () => {
    await expectEveryRunAddsUp(getCatalog().db);
  });

  it('loads the matter catalogue', () => {
    expect(byName(first, 'matters')).toMatchObject({ status: 'succeeded', read: 2, inserted: 2, quarantined: 0 });
  });

  it('finds every holder by the normalised form of the id as written in the source', async () => {
    for (const h of truth.holders) {
      expect(classifyId(h.query, today).normalised).toBe(h.holder_id);
      const rows = await certificatesByHolder(getCatalog().db, h.holder_id, { today });
      expect(rows, h.holder_id).toHaveLength(h.certificates);
    }
  });

  it('a second identical sync changes nothing', async () => {
    const again = await syncAll();
    for (const name of ['licences', 'qualifications'] as const) {
      const r = byName(again, name);
      expect(r).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: truth[name].inserted, read: truth[name].read });
    }
    expect(byName(again, 'matters')).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(byName(again, 'licences').quarantine_reasons).toEqual(truth.licences.quarantined);
    const open = await listQuarantine(getCatalog().db, { pipeline: 'licences', unresolvedOnly: true, limit: 1000 });
    expect(open, 'a record quarantined again is the same row, not a copy').toHaveLength(byName(again, 'licences').quarantined);
    expect(new Set(open.map((q) => q.run_id))).toEqual(new Set([byName(again, 'licences').run_id]));
    await expectEveryRunAddsUp(getCatalog().db);
  });
});
