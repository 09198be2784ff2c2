import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { certificatesByHolder } from '../../catalog/certificate-repository.ts';
import { loadWorkspaceSettings } from '../../core/config.ts';
import { generateWorkspace, type Manifest } from '../../examples/generate.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { type SyncReport, syncPipelines } from '../../pipelines/sync-pipelines.ts';
import { classifyId } from '../../schemas/formats/classify-id.ts';
import { forEachTarget } from '../setup.ts';
import { tempDir } from '../temp-dir.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';

const today = new Date('2026-11-23T12:00:00+08:00');

forEachTarget('sync of generated department data', (getCatalog) => {
  const workspace = tempDir('generated');
  let manifest: Manifest;
  let first: SyncReport[] = [];

  const syncAll = async () => {
    const defs = loadDefinitions(path.join(workspace, 'pipelines'));
    expect(defs.errors).toEqual([]);
    return syncPipelines(getCatalog().db, defs.pipelines, {
      workspace,
      batchSize: manifest.batch_size,
      certificateTypes: loadWorkspaceSettings(workspace).certificate_types,
      today,
    });
  };

  beforeAll(async () => {
    manifest = await generateWorkspace({ out: workspace, rows: 6000, seed: 9, today: '2026-11-23' });
    first = await syncAll();
  });

  it('covers GB18030 CSV, XLSX and JSONL sources', () => {
    const formats = new Set(manifest.departments.map((d) => `${d.format}:${d.encoding ?? ''}`));
    expect(formats).toContain('csv:gb18030');
    expect([...formats].some((f) => f.startsWith('xlsx'))).toBe(true);
    expect([...formats].some((f) => f.startsWith('jsonl'))).toBe(true);
  });

  it('every pipeline reports exactly what the manifest predicts', () => {
    for (const d of manifest.departments) {
      const r = first.find((x) => x.pipeline === d.pipeline);
      expect(r, d.pipeline).toBeDefined();
      expect({ pipeline: d.pipeline, status: r!.status, read: r!.read, inserted: r!.inserted, updated: r!.updated, duplicates: r!.duplicates, quarantined: r!.quarantine_reasons }).toEqual({
        pipeline: d.pipeline,
        status: 'succeeded',
        read: d.read,
        inserted: d.expected.inserted,
        updated: 0,
        duplicates: d.expected.duplicates,
        quarantined: d.expected.quarantined,
      });
    }
    const matters = first.find((x) => x.pipeline === manifest.matters.pipeline);
    expect(matters).toMatchObject({ status: 'succeeded', inserted: manifest.matters.count, quarantined: 0 });
  });

  it('the run ledger adds up, per reason too', async () => {
    await expectEveryRunAddsUp(getCatalog().db);
  });

  it('finds holders by every form the departments wrote their ids in', async () => {
    for (const h of manifest.holders) {
      const normalised = classifyId(h.query, today).normalised;
      expect(normalised, h.query).toBe(h.holder_id);
      expect(await certificatesByHolder(getCatalog().db, normalised, { today }), h.holder_id).toHaveLength(h.certificates);
    }
  });

  it('an unchanged re-sync inserts and updates nothing', async () => {
    const again = await syncAll();
    for (const d of manifest.departments) {
      expect(again.find((x) => x.pipeline === d.pipeline)).toMatchObject({ inserted: 0, updated: 0, unchanged: d.expected.inserted });
    }
    await expectEveryRunAddsUp(getCatalog().db);
  });
});
