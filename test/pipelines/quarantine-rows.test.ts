import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { certificatesByHolder } from '../../catalog/certificate-repository.ts';
import { dismissQuarantine, listQuarantine } from '../../catalog/quarantine-repository.ts';
import { quarantineReasonCounts } from '../../catalog/quarantine-summary.ts';
import { getRun, listRuns } from '../../catalog/run-repository.ts';
import { retryQuarantine } from '../../pipelines/retry-quarantine.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { expectEveryRunAddsUp } from './run-ledger.ts';
import { ISSUER, licenceWorkspaces, type LicenceWorkspace, rows as licenceRows, type Row, today, TYPES, uscc } from './licence-workspace.ts';

const licenceWorkspace = licenceWorkspaces();

/** A licence whose status is written in words the pipeline has no mapping for. */
const unmapped = (n: number, status = '在册'): Row => ({ no: `ZC${n}`, name: `在册公司${n}`, id: uscc(500 + n), status });
/** The same licence as the department sends it once fixed. */
const fixed = (n: number): Row => ({ ...unmapped(n), status: '有效' });
/** A line without a licence number: no natural key to recognise it by. */
const unnumbered: Row = { no: '', name: '无号公司', id: uscc(700) };
/** A line nobody can repair here: its holder id has the wrong length. */
const broken = (n: number): Row => ({ no: `BAD${n}`, name: '坏公司', id: `BADID${n}` });

forEachTarget('quarantine rows', (getCatalog) => {
  const db = () => getCatalog().db;
  const run = (ws: LicenceWorkspace, batchSize = 5000) =>
    runPipeline(ws.pipeline(), { db: db(), workspace: ws.dir, batchSize, certificateTypes: TYPES, today });
  const retry = (ws: LicenceWorkspace) => retryQuarantine(db(), ws.pipeline(), { batchSize: 100, certificateTypes: TYPES, today });
  const open = () => listQuarantine(db(), { pipeline: 'licences', unresolvedOnly: true, limit: 1000 });

  beforeEach(async () => {
    await resetCatalog(db());
  });

  it('keeps two byte-identical bad lines as two rows, so per-reason counts add up to quarantined', async () => {
    const ws = licenceWorkspace([...licenceRows(2), unmapped(1), unmapped(1), ...licenceRows(1, 2)]);
    const r = await run(ws);
    expect(r).toMatchObject({ status: 'succeeded', read: 5, inserted: 3, quarantined: 2 });
    const rows = await listQuarantine(db(), { pipeline: 'licences' });
    expect(rows.map((q) => q.line)).toEqual([4, 5]);
    expect(await quarantineReasonCounts(db(), r.run_id)).toEqual({ invalid_code: 2 });
    await expectEveryRunAddsUp(db());
  });

  it('a re-sync of an unfixed file moves its rows to the new run, also when lines shift or a record changes', async () => {
    const ws = licenceWorkspace([...licenceRows(2), unmapped(1), unmapped(1), broken(1), unmapped(2), unnumbered], 'max_invalid: 100\n');
    const first = await run(ws, 2);
    expect(first).toMatchObject({ status: 'succeeded', quarantined: 5 });
    const before = await open();
    expect(before.map((q) => q.natural_key === null)).toEqual([false, false, false, false, true]);

    const second = await run(ws, 2);
    expect(second).toMatchObject({ status: 'succeeded', quarantined: 5 });
    const again = await open();
    expect(again.map((q) => q.id)).toEqual(before.map((q) => q.id));
    expect(new Set(again.map((q) => q.run_id))).toEqual(new Set([second.run_id]));

    // The department's next export has a new licence on top and writes one status differently: still wrong.
    ws.writeSource([...licenceRows(1, 10), ...licenceRows(2), unmapped(1), unmapped(1), broken(1), unmapped(2, '存续中'), unnumbered]);
    const third = await run(ws, 2);
    expect(third).toMatchObject({ status: 'succeeded', inserted: 1, quarantined: 5 });
    const shifted = await open();
    expect(shifted.map((q) => q.id)).toEqual(before.map((q) => q.id));
    expect(shifted.map((q) => q.line).sort()).toEqual([5, 6, 7, 8, 9]);
    expect(shifted[3]).toMatchObject({ run_id: third.run_id, raw: { 状态: '存续中' } });
    expect(await listQuarantine(db(), { pipeline: 'licences', limit: 1000 })).toHaveLength(5);
    await expectEveryRunAddsUp(db());
  });

  it('a corrected file resolves the old rows as reloaded by that run, and retry no longer reports them', async () => {
    const ws = licenceWorkspace([...licenceRows(2), unmapped(1), unmapped(1), broken(1)]);
    const first = await run(ws);
    expect(first).toMatchObject({ quarantined: 3 });
    const rows = await open();
    expect(rows.map((q) => q.natural_key)).toEqual([
      JSON.stringify(['scjg-yyzz', ISSUER, 'ZC1']),
      JSON.stringify(['scjg-yyzz', ISSUER, 'ZC1']),
      JSON.stringify(['scjg-yyzz', ISSUER, 'BAD1']),
    ]);

    ws.writeSource([...licenceRows(2), fixed(1), broken(1)]);
    const second = await run(ws);
    expect(second).toMatchObject({ status: 'succeeded', inserted: 1, quarantined: 1 });
    expect((await certificatesByHolder(db(), uscc(501)))[0]?.status).toBe('valid');
    const all = await listQuarantine(db(), { pipeline: 'licences', limit: 1000 });
    expect(all.map((q) => [q.line, q.resolution, q.resolved_run_id])).toEqual([
      [4, 'reloaded', second.run_id],
      [5, 'reloaded', second.run_id],
      [5, null, null],
    ]);
    expect((await open()).map((q) => q.raw)).toEqual([expect.objectContaining({ 证照编号: 'BAD1' })]);

    expect(await retry(ws)).toMatchObject({ retried: 1, fixed: 0, still_quarantined: 1 });
    await expectEveryRunAddsUp(db());
  });

  it('a key that loads while another line of it is still bad leaves that line open', async () => {
    const ws = licenceWorkspace([unmapped(1), ...licenceRows(2)]);
    await run(ws);
    ws.writeSource([fixed(1), unmapped(1)]);
    const second = await run(ws);
    expect(second).toMatchObject({ inserted: 1, quarantined: 1 });
    expect((await open()).map((q) => [q.line, q.run_id])).toEqual([[3, second.run_id]]);
    await expectEveryRunAddsUp(db());
  });

  it('retry resolves what it loads as retried and gives the rest their current verdict, in one transaction', async () => {
    const ws = licenceWorkspace([...licenceRows(2), unmapped(1), unmapped(2, '存续中'), broken(1)]);
    await run(ws);
    ws.writePipeline('status_map:\n  在册: valid\n');

    // A failure while re-quarantining must take the loads and resolutions of its batch with it.
    await sql`create function refuse_requarantine() returns trigger language plpgsql as $$
      begin
        if new.resolved_at is null then raise exception 'refused'; end if;
        return new;
      end $$`.execute(db());
    await sql`create trigger refuse_requarantine before update on quarantine for each row execute function refuse_requarantine()`.execute(db());
    try {
      await expect(retry(ws)).rejects.toThrow(/refused/);
    } finally {
      await sql`drop trigger refuse_requarantine on quarantine`.execute(db());
      await sql`drop function refuse_requarantine()`.execute(db());
    }
    expect(await certificatesByHolder(db(), uscc(501))).toEqual([]);
    expect(await open()).toHaveLength(3);

    const report = await retry(ws);
    expect(report).toMatchObject({ retried: 3, fixed: 1, inserted: 1, still_quarantined: 2 });
    const rows = await listQuarantine(db(), { pipeline: 'licences', limit: 1000 });
    expect(rows.map((q) => [q.line, q.resolution, q.resolved_run_id])).toEqual([
      [4, 'retried', report.run_id],
      [5, null, null],
      [6, null, null],
    ]);
    expect((await certificatesByHolder(db(), uscc(501)))[0]?.status).toBe('valid');
    expect((await listRuns(db())).map((r) => [r.trigger, r.status]).sort()).toEqual([
      ['manual', 'succeeded'],
      ['retry', 'failed'],
      ['retry', 'succeeded'],
    ]);
    await expectEveryRunAddsUp(db());
  });

  it('dismiss closes rows by hand with a reason, and an unchanged record sent again stays dismissed', async () => {
    const ws = licenceWorkspace([...licenceRows(2), broken(1), broken(2), unmapped(1)]);
    await run(ws);
    const [a, b, c] = await open();
    await expect(dismissQuarantine(db(), [a!.id], '  ')).rejects.toMatchObject({ code: 'HUB_ERR_USAGE' });
    await expect(dismissQuarantine(db(), [a!.id, 999_999], 'withdrawn')).rejects.toMatchObject({ code: 'HUB_ERR_NOT_FOUND' });
    expect(await open()).toHaveLength(3);

    expect(await dismissQuarantine(db(), [a!.id, b!.id], 'licences withdrawn by the department')).toEqual({ dismissed: [a!.id, b!.id], already_resolved: [] });
    expect(await dismissQuarantine(db(), [b!.id], 'again')).toEqual({ dismissed: [], already_resolved: [b!.id] });
    expect((await open()).map((q) => q.id)).toEqual([c!.id]);
    const all = await listQuarantine(db(), { pipeline: 'licences' });
    expect(all.find((q) => q.id === b!.id)).toMatchObject({ resolution: 'dismissed', resolution_note: 'licences withdrawn by the department', resolved_run_id: null });

    const again = await run(ws);
    expect(again).toMatchObject({ quarantined: 3 });
    expect(await quarantineReasonCounts(db(), again.run_id)).toEqual({ invalid_identifier: 2, invalid_code: 1 });
    expect((await open()).map((q) => q.id)).toEqual([c!.id]);
    expect((await getRun(db(), again.run_id))?.quarantined).toBe(3);
    await expectEveryRunAddsUp(db());
  });
});
