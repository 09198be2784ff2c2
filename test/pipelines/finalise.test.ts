import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { countCertificates } from '../../catalog/certificate-repository.ts';
import { listQuarantine } from '../../catalog/quarantine-repository.ts';
import { verifyChains } from '../../catalog/verify-chains.ts';
import { retryQuarantine } from '../../pipelines/retry-quarantine.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { type LicenceWorkspace, TYPES, licenceWorkspaces, rows, today, uscc } from './licence-workspace.ts';

const workspace = licenceWorkspaces();
const REPLACE = 'write_disposition: replace\nmax_cancel: 50%\n';

/**
 * Faults are planted with database triggers: the engine runs unchanged against a real catalogue
 * whose writes fail (or miscount) at exactly one point.
 */
forEachTarget('the end of a run', (getCatalog) => {
  const db = () => getCatalog().db;
  const run = (ws: LicenceWorkspace) => runPipeline(ws.pipeline(), { db: db(), workspace: ws.dir, batchSize: 2, certificateTypes: TYPES, today });
  const statusOf = async (n: number) =>
    (await db().selectFrom('certificates').select('status').where('holder_id', '=', uscc(n)).executeTakeFirst())?.status;
  const syncState = async () =>
    (await sql<{ complete: boolean; floor: unknown }>`select complete, floor from sync_state where pipeline = 'licences'`.execute(db())).rows[0];
  const plant = async (table: string, body: string) => {
    await sql.raw(`create function plant_fault() returns trigger language plpgsql as $$ begin ${body} end $$`).execute(db());
    await sql.raw(`create trigger plant_fault before update on ${table} for each row execute function plant_fault()`).execute(db());
  };

  beforeEach(async () => {
    await resetCatalog(db());
  });
  afterEach(async () => {
    await sql.raw('drop function if exists plant_fault() cascade').execute(db());
  });

  it('a run that fails the accounting check cancels nothing and leaves its state incomplete', async () => {
    const ws = workspace(rows(4), REPLACE);
    expect(await run(ws)).toMatchObject({ status: 'succeeded', inserted: 4 });
    // Every batch's count update reads one record more than it loaded.
    await plant('runs', `if new.read > old.read then new.read := new.read + 1; end if; return new;`);
    ws.writeSource(rows(3));
    const r = await run(ws);
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('HUB_ERR_ACCOUNTING');
    expect(await statusOf(3)).toBe('valid');
    expect(await syncState()).toMatchObject({ complete: false });
  });

  it('cancellation, final state and run status commit together or not at all', async () => {
    const dated = rows(4).map((row, i) => ({ ...row, updated: `2024-01-0${i + 1} 00:00:00` }));
    const ws = workspace(dated, 'incremental:\n  cursor: [更新时间, 证照编号]\n');
    expect(await run(ws)).toMatchObject({ status: 'succeeded', inserted: 4 });
    const floor = (await syncState())?.floor;
    await plant('runs', `if new.status = 'succeeded' then raise exception 'planted fault'; end if; return new;`);
    ws.writeSource([...dated, { ...rows(1, 9)[0]!, updated: '2024-02-01 00:00:00' }]);
    const r = await run(ws);
    expect(r.status).toBe('failed');
    expect(r.error?.message).toMatch(/planted fault/);
    expect(r.error?.details).toMatchObject({ stage: 'finalise', committed: false });
    expect(await syncState()).toMatchObject({ complete: false, floor });

    const replace = workspace(rows(4), REPLACE);
    await sql.raw('drop function plant_fault() cascade').execute(db());
    expect(await run(replace)).toMatchObject({ status: 'succeeded' });
    await plant('runs', `if new.status = 'succeeded' then raise exception 'planted fault'; end if; return new;`);
    replace.writeSource(rows(3));
    expect((await run(replace)).status).toBe('failed');
    expect(await statusOf(3)).toBe('valid');
  });

  it('quarantine retry re-quarantines in the transaction of its batch', async () => {
    const ws = workspace([...rows(2), { no: 'Z1', name: '在册公司', id: uscc(50), status: '在册' }, { no: 'Z2', name: '坏', id: '123' }]);
    expect(await run(ws)).toMatchObject({ inserted: 2, quarantined: 2 });
    ws.writePipeline('status_map:\n  在册: valid\n');
    // Z1 is fixed by the new status map; writing Z2's current verdict fails.
    await plant('quarantine', `if new.resolved_at is null then raise exception 'planted fault'; end if; return new;`);
    await expect(retryQuarantine(db(), ws.pipeline(), { batchSize: 100, certificateTypes: TYPES, today })).rejects.toThrow(/planted fault/);
    expect(await countCertificates(db(), { holderId: uscc(50) })).toBe(0);
    expect(await listQuarantine(db(), { unresolvedOnly: true })).toHaveLength(2);
  });

  it('a finished run seals the chain heads it wrote, so cutting back a chain afterwards shows', async () => {
    const ws = workspace(rows(4), REPLACE);
    expect(await run(ws)).toMatchObject({ status: 'succeeded', inserted: 4 });
    expect((await verifyChains(db())).certificates.seals).toMatchObject({ blocks: 1, heads: 4, unsealedVersions: 0 });
    ws.writeSource(rows(3));
    expect(await run(ws)).toMatchObject({ status: 'succeeded' });
    expect(await statusOf(3)).toBe('cancelled');
    expect((await verifyChains(db())).certificates.seals).toMatchObject({ blocks: 2, heads: 5, unsealedVersions: 0 });

    // Undo the cancellation: drop its version and put the row back as it was.
    const cancelled = await db().selectFrom('certificates').select(['cert_number', 'version']).where('holder_id', '=', uscc(3)).executeTakeFirstOrThrow();
    await sql`delete from certificate_versions where cert_number = ${cancelled.cert_number} and version = ${cancelled.version}`.execute(db());
    await sql`update certificate_versions set valid_to = null where cert_number = ${cancelled.cert_number} and version = ${cancelled.version - 1}`.execute(db());
    await sql`update certificates c set status = 'valid', content_hash = v.content_hash, version = v.version from certificate_versions v
      where v.cert_number = c.cert_number and c.cert_number = ${cancelled.cert_number} and v.version = ${cancelled.version - 1}`.execute(db());
    expect((await verifyChains(db())).breaks).toEqual([
      expect.objectContaining({ table: 'certificate_versions', key: expect.objectContaining({ cert_number: cancelled.cert_number, version: cancelled.version }) }),
    ]);
  });

  it('a run whose sealing fails still succeeds; its versions wait for the next seal', async () => {
    await sql.raw(`create function plant_fault() returns trigger language plpgsql as $$ begin raise exception 'planted fault'; end $$`).execute(db());
    await sql.raw(`create trigger plant_fault before insert on certificate_seal_blocks for each row execute function plant_fault()`).execute(db());
    expect(await run(workspace(rows(2)))).toMatchObject({ status: 'succeeded', inserted: 2 });
    expect((await verifyChains(db())).certificates.seals).toMatchObject({ blocks: 0, unsealedVersions: 2 });
  });
});
