import { beforeEach, expect, it } from 'vitest';
import { loadMatterBatch } from '../../catalog/load-matters.ts';
import { matterWithMaterials, searchMatters } from '../../catalog/matter-repository.ts';
import { getRun, startRun } from '../../catalog/run-repository.ts';
import { getState } from '../../catalog/state-repository.ts';
import { NO_SYNC_STATE, type SyncState } from '../../core/sync-state.ts';
import type { Matter } from '../../schemas/types.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { matter } from './fixtures.ts';

forEachTarget('loadMatterBatch', (getCatalog) => {
  let runId: string;
  beforeEach(async () => {
    await resetCatalog(getCatalog().db);
    runId = await startRun(getCatalog().db, { pipeline: 'matters', trigger: 'test' });
  });

  const load = (records: Matter[], extra: { state?: SyncState } = {}) =>
    loadMatterBatch(getCatalog().db, {
      runId,
      pipeline: 'matters',
      records,
      quarantine: [],
      ...extra,
      counts: { read: records.length, duplicates: 0 },
    });

  it('inserts matters with their materials in order, then sees them unchanged', async () => {
    expect(await load([matter('M1', 3), matter('M2', 1)], { state: { ...NO_SYNC_STATE, position: 'p1' } })).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await load([matter('M1', 3), matter('M2', 1)])).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    const m1 = await matterWithMaterials(getCatalog().db, 'M1');
    expect(m1!.materials.map((m) => m.material_code)).toEqual(['M1-M1', 'M1-M2', 'M1-M3']);
    expect(m1!.materials[0]).toMatchObject({ required: true, accepted_cert_types: ['scjg-yyzz'], form: null });
    expect((await getState(getCatalog().db, 'matters'))!.position).toBe('p1');
    expect(await getRun(getCatalog().db, runId)).toMatchObject({ read: 4, inserted: 2, unchanged: 2 });
  });

  it('replaces the whole material list of a changed matter', async () => {
    await load([matter('M1', 3), matter('M2', 2)]);
    const changed = matter('M1', 0, {
      name: '新名称',
      materials: [
        { material_code: 'NEW', name: '新材料', required: true, accepted_cert_types: ['rs-zyzg', 'scjg-yyzz'] },
        { material_code: 'M1-M2', name: '材料2', required: false, accepted_cert_types: [] },
      ],
    });
    expect(await load([changed, matter('M2', 2)])).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    const m1 = await matterWithMaterials(getCatalog().db, 'M1');
    expect(m1!.name).toBe('新名称');
    expect(m1!.materials.map((m) => [m.material_code, m.accepted_cert_types])).toEqual([
      ['NEW', ['rs-zyzg', 'scjg-yyzz']],
      ['M1-M2', []],
    ]);
    expect((await matterWithMaterials(getCatalog().db, 'M2'))!.materials).toHaveLength(2);
  });

  it('keeps the old materials when the replacement fails', async () => {
    await load([matter('M1', 2)]);
    const broken = matter('M1', 0, {
      materials: [
        { material_code: 'DUP', name: 'a', required: true, accepted_cert_types: [] },
        { material_code: 'DUP', name: 'b', required: true, accepted_cert_types: [] },
      ],
    });
    await expect(load([broken], { state: { ...NO_SYNC_STATE, position: 'never' } })).rejects.toThrow(/matter_materials_pkey/);
    const m1 = await matterWithMaterials(getCatalog().db, 'M1');
    expect(m1!.materials.map((m) => m.material_code)).toEqual(['M1-M1', 'M1-M2']);
    expect(await getState(getCatalog().db, 'matters')).toBeUndefined();
  });

  it('finds matters by name or code', async () => {
    await load([matter('110000-A', 1, { name: '食品经营许可' }), matter('110000-B', 1, { name: '药品经营许可', local_code: 'L_1' })]);
    const { db } = getCatalog();
    expect((await searchMatters(db, '经营许可', 10)).map((m) => m.matter_code)).toEqual(['110000-A', '110000-B']);
    expect((await searchMatters(db, '食品', 10)).map((m) => m.matter_code)).toEqual(['110000-A']);
    expect((await searchMatters(db, 'l_1', 10)).map((m) => m.matter_code)).toEqual(['110000-B']);
    expect(await searchMatters(db, '%', 10)).toEqual([]);
    expect(await matterWithMaterials(db, 'none')).toBeUndefined();
  });
});
