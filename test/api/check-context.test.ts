import { expect, it } from 'vitest';
import { check } from '../../cli/commands/check.ts';
import { lookups } from '../../cli/commands/lookups.ts';
import { sync } from '../../cli/commands/sync.ts';
import { copyWorkspace } from '../pipelines/workspace-copy.ts';
import { captureStdout } from '../cli/capture-stdout.ts';
import { forEachTarget } from '../setup.ts';
import { addKey, bearer, buildApp, syncDirtyWorkspace, TODAY, truth } from './api-fixture.ts';

const MATTER = truth.matters[0];

forEachTarget('checks with 经办人 and 办件编号', (getCatalog) => {
  it('keeps operator and case_no in the lookup log, and refuses bad ones with a 400 naming the field', async () => {
    const { db } = getCatalog();
    await syncDirtyWorkspace(db);
    const key = await addKey(db, 'window-07', ['checks:run']);
    const app = await buildApp(db);
    try {
      const post = (payload: Record<string, unknown>) =>
        app.inject({ method: 'POST', url: '/v1/checks', headers: bearer(key), payload: { matter_code: MATTER, holder_id: truth.examples.valid, purpose: '食品经营许可受理', ...payload } });
      expect((await post({ operator: ' 王小明 ', case_no: 'HZ-2026-000123' })).statusCode).toBe(200);
      expect((await post({})).statusCode).toBe(200);
      const rows = await db.selectFrom('lookup_log').select(['operator', 'case_no']).orderBy('seq').execute();
      expect(rows).toEqual([
        { operator: '王小明', case_no: 'HZ-2026-000123' },
        { operator: null, case_no: null },
      ]);

      for (const [payload, field] of [
        [{ operator: '王\u0007小明' }, 'operator'],
        [{ case_no: 'X'.repeat(65) }, 'case_no'],
        [{ case_no: 'HZ\n123' }, 'case_no'],
      ] as const) {
        const res = await post(payload);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ error: { code: 'HUB_ERR_VALIDATION' } });
        expect(res.json().error.message).toContain(field);
      }
      expect(await db.selectFrom('lookup_log').select('seq').execute()).toHaveLength(2);
    } finally {
      await app.close();
    }
  });
});

it('ecert check --operator --case-no and ecert lookups --holder: found by any written form, newest first, no raw id', async () => {
  const workspace = copyWorkspace('dirty-workspace');
  await captureStdout(() => sync([], { workspace, all: true, progress: false, today: TODAY }));
  const holder = truth.holders.find((h) => h.query !== h.holder_id && !h.person)!;
  await captureStdout(() => check(MATTER, holder.holder_id, { workspace, purpose: '窗口核验', operator: '李娜', caseNo: 'HZ-2026-000001' }));
  await captureStdout(() => check(MATTER, truth.examples.valid, { workspace, purpose: '窗口核验', operator: '李娜' }));
  await captureStdout(() => check(MATTER, holder.query, { workspace, purpose: '窗口核验', operator: '周敏', caseNo: 'HZ-2026-000002' }));

  const { result, out } = await captureStdout(() => lookups({ workspace, holder: holder.query.toLowerCase() }));
  expect(result.map((r) => [r.operator, r.case_no])).toEqual([
    ['周敏', 'HZ-2026-000002'],
    ['李娜', 'HZ-2026-000001'],
  ]);
  expect(out).toMatch(/周敏\s+HZ-2026-000002/);
  expect(out).not.toContain(holder.holder_id);
  const newest = await captureStdout(() => lookups({ workspace, holder: holder.holder_id, limit: 1, json: true }));
  expect(newest.result.map((r) => r.case_no)).toEqual(['HZ-2026-000002']);
  expect(newest.out).not.toContain(holder.holder_id);

  await expect(check(MATTER, holder.holder_id, { workspace, purpose: '窗口核验', operator: '李\u0000娜' })).rejects.toMatchObject({ code: 'HUB_ERR_VALIDATION' });
  await expect(lookups({ workspace, holder: '"; drop' })).rejects.toMatchObject({ code: 'HUB_ERR_VALIDATION' });
}, 120_000);
