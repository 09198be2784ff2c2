import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { chainHash } from '../../catalog/canonical-json.ts';
import { certificateWithVersions, countCertificates } from '../../catalog/certificate-repository.ts';
import { incomingWins, loadCertificateBatch } from '../../catalog/load-certificates.ts';
import { listQuarantine } from '../../catalog/quarantine-repository.ts';
import { versionHash } from '../../catalog/version-hash.ts';
import { getRun, startRun } from '../../catalog/run-repository.ts';
import { getState } from '../../catalog/state-repository.ts';
import { NO_SYNC_STATE } from '../../core/sync-state.ts';
import type { Certificate } from '../../schemas/types.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { certificate, certificates, ISSUER, loadAsRun } from './fixtures.ts';

const key = (n: number) => ({ typeCode: 'scjg-yyzz', issuerCode: ISSUER, number: certificate(n).cert_number });

async function versionCount(db: Parameters<typeof countCertificates>[0]): Promise<number> {
  const row = await db.selectFrom('certificate_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('incomingWins', () => {
  const stored = { source_updated_at: new Date('2024-05-01T02:00:00Z'), priority: 5, pipeline: 'a' };
  it('prefers the newer source timestamp whatever the priority', () => {
    expect(incomingWins({ source_updated_at: '2024-05-02T00:00:00Z', priority: 0, pipeline: 'b' }, stored)).toBe(true);
    expect(incomingWins({ source_updated_at: '2024-04-30T00:00:00Z', priority: 9, pipeline: 'b' }, stored)).toBe(false);
  });
  it('falls back to priority when timestamps are equal or missing, the same pipeline always winning', () => {
    const same = '2024-05-01T10:00:00+08:00';
    expect(incomingWins({ source_updated_at: same, priority: 4, pipeline: 'b' }, stored)).toBe(false);
    expect(incomingWins({ source_updated_at: same, priority: 5, pipeline: 'b' }, stored)).toBe(true);
    expect(incomingWins({ source_updated_at: same, priority: 0, pipeline: 'a' }, stored)).toBe(true);
    expect(incomingWins({ source_updated_at: null, priority: 4, pipeline: 'b' }, { ...stored, source_updated_at: null })).toBe(false);
    expect(incomingWins({ source_updated_at: null, priority: 0, pipeline: 'a' }, { ...stored, source_updated_at: null })).toBe(true);
  });
});

forEachTarget('loadCertificateBatch', (getCatalog) => {
  beforeEach(async () => {
    await resetCatalog(getCatalog().db);
  });

  it('inserts a batch with one version each and updates the run counts', async () => {
    const { db } = getCatalog();
    const { runId, result } = await loadAsRun(db, certificates(20), { counts: { read: 23, duplicates: 3 } });
    expect(result).toEqual({ inserted: 20, updated: 0, unchanged: 0 });
    expect(await countCertificates(db)).toBe(20);
    expect(await versionCount(db)).toBe(20);
    const run = await getRun(db, runId);
    expect(run).toMatchObject({ read: 23, inserted: 20, updated: 0, unchanged: 0, duplicates: 3, quarantined: 0 });
    const history = await certificateWithVersions(db, key(1));
    expect(history?.certificate).toMatchObject({ version: 1, pipeline: 'scjg', last_run_id: runId, issued_on: '2020-01-15' });
    expect(history?.versions).toHaveLength(1);
    const first = history!.versions[0]!;
    expect(first).toMatchObject({ version: 1, change: 'insert', prev_hash: '', valid_to: null });
    // The hash covers what the version is, when it took effect and where it came from, not only its data.
    const envelope = { version: 1, change: 'insert', run_id: runId, pipeline: 'scjg', valid_from: first.valid_from.toISOString(), data: first.data };
    expect(first.hash).toBe(chainHash('', envelope));
    expect(versionHash(first)).toBe(first.hash);
  });

  it('leaves everything unchanged when the same batch is loaded twice', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, certificates(50));
    const { result } = await loadAsRun(db, certificates(50));
    expect(result).toEqual({ inserted: 0, updated: 0, unchanged: 50 });
    expect(await versionCount(db)).toBe(50);
  });

  it('hashes a missing optional field the same as null', async () => {
    const { db } = getCatalog();
    const { cert_identifier: _id, surface: _surface, issuer_name: _name, ...bare } = certificate(1);
    await loadAsRun(db, [bare as Certificate]);
    const explicit = { ...bare, cert_identifier: null, surface: {}, issuer_name: null };
    expect((await loadAsRun(db, [explicit])).result).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it('adds exactly one chained version for one changed field', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, certificates(5));
    const changed = certificates(5);
    changed[2] = { ...changed[2]!, holder_name: '改名后的企业' };
    const { runId, result } = await loadAsRun(db, changed);
    expect(result).toEqual({ inserted: 0, updated: 1, unchanged: 4 });
    expect(await versionCount(db)).toBe(6);
    const history = await certificateWithVersions(db, key(3));
    const [v1, v2] = history!.versions;
    expect(v2).toMatchObject({ version: 2, change: 'update', prev_hash: v1!.hash, run_id: runId, valid_to: null });
    expect(v2!.hash).toBe(versionHash(v2!));
    expect(v1!.valid_to).toEqual(v2!.valid_from);
    expect(history!.certificate).toMatchObject({ version: 2, holder_name: '改名后的企业' });
  });

  it('lets a newer source_updated_at win and records an older one as superseded, once', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, [certificate(1)], { pipeline: 'a' });
    const newer = certificate(1, { status: 'revoked', source_updated_at: '2024-06-01T00:00:00+08:00' });
    expect((await loadAsRun(db, [newer], { pipeline: 'b' })).result).toEqual({ inserted: 0, updated: 1, unchanged: 0 });

    const older = certificate(1, { holder_name: '旧名称', source_updated_at: '2024-01-01T00:00:00+08:00' });
    expect((await loadAsRun(db, [older], { pipeline: 'a', priority: 100 })).result).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect((await loadAsRun(db, [older], { pipeline: 'a', priority: 100 })).result).toEqual({ inserted: 0, updated: 0, unchanged: 1 });

    const history = await certificateWithVersions(db, key(1));
    expect(history!.certificate).toMatchObject({ status: 'revoked', pipeline: 'b', version: 2 });
    expect(history!.versions.map((v) => v.change)).toEqual(['insert', 'update', 'superseded']);
    const superseded = history!.versions[2]!;
    expect(superseded.data.holder_name).toBe('旧名称');
    expect(superseded.prev_hash).toBe(history!.versions[1]!.hash);
    expect(superseded.valid_to).toEqual(superseded.valid_from);
  });

  it('lets the higher priority win when timestamps are equal', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, [certificate(1)], { pipeline: 'a', priority: 5 });
    const lower = certificate(1, { holder_name: '低优先级' });
    expect((await loadAsRun(db, [lower], { pipeline: 'b', priority: 1 })).result.unchanged).toBe(1);
    const higher = certificate(1, { holder_name: '高优先级' });
    expect((await loadAsRun(db, [higher], { pipeline: 'c', priority: 9 })).result.updated).toBe(1);
    const own = certificate(1, { holder_name: '同一管道' });
    expect((await loadAsRun(db, [own], { pipeline: 'c', priority: 0 })).result.updated).toBe(1);
    const history = await certificateWithVersions(db, key(1));
    expect(history!.certificate.holder_name).toBe('同一管道');
    expect(history!.versions.map((v) => v.change)).toEqual(['insert', 'superseded', 'update', 'update']);
    expect(history!.certificate.version).toBe(4);
  });

  it('never updates existing keys with the append disposition', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, certificates(3));
    const changed = certificates(4, { holder_name: '变了' });
    const { result } = await loadAsRun(db, changed, { disposition: 'append' });
    expect(result).toEqual({ inserted: 1, updated: 0, unchanged: 3 });
    expect((await certificateWithVersions(db, key(1)))!.certificate.holder_name).toBe('企业1');
    expect(await versionCount(db)).toBe(4);
  });

  it('stores quarantined records and the cursor, also for a batch with no valid records', async () => {
    const { db } = getCatalog();
    const quarantine = [
      { line: 2, raw: { 证照编号: 'X', bad: '\u0000' }, reason: 'missing_field' as const, path: '/holder_id', message: 'holder_id is empty' },
      { line: 3, raw: 'a,b', reason: 'parse_error' as const, path: null, message: 'wrong column count', details: { columns: 2 } },
    ];
    const state = { ...NO_SYNC_STATE, position: { line: 3 }, fingerprint: 'f1' };
    const { runId, result } = await loadAsRun(db, [], { quarantine, state });
    expect(result).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
    const rows = await listQuarantine(db, { pipeline: 'scjg' });
    expect(rows.map((r) => [r.line, r.reason, r.path, r.run_id])).toEqual([
      [2, 'missing_field', '/holder_id', runId],
      [3, 'parse_error', null, runId],
    ]);
    expect(rows[0]!.raw).toEqual({ 证照编号: 'X', bad: '\uFFFD' });
    expect(rows[1]!.details).toEqual({ columns: 2 });
    expect(await getState(db, 'scjg')).toMatchObject({ ...state, runId });
    expect(await getRun(db, runId)).toMatchObject({ read: 2, quarantined: 2 });
  });

  it('rolls the whole batch back when a record breaks a constraint', async () => {
    const { db } = getCatalog();
    const runId = await startRun(db, { pipeline: 'scjg', trigger: 'test' });
    await loadCertificateBatch(db, {
      runId, pipeline: 'scjg', priority: 0, disposition: 'merge', records: certificates(3),
      quarantine: [], state: { ...NO_SYNC_STATE, position: { at: 1 } }, counts: { read: 3, duplicates: 0 },
    });
    const records = certificates(10, { holder_name: '第二批' });
    records[7] = { ...records[7]!, status: 'lost' as Certificate['status'] };
    await expect(
      loadCertificateBatch(db, {
        runId, pipeline: 'scjg', priority: 0, disposition: 'merge', records,
        quarantine: [{ line: 1, raw: {}, reason: 'invalid_value', path: null, message: 'x' }],
        state: { ...NO_SYNC_STATE, position: { at: 2 } }, counts: { read: 11, duplicates: 0 },
      }),
    ).rejects.toThrow(/certificates_status_check/);
    expect(await countCertificates(db)).toBe(3);
    expect(await versionCount(db)).toBe(3);
    expect((await certificateWithVersions(db, key(1)))!.certificate.holder_name).toBe('企业1');
    expect(await listQuarantine(db)).toEqual([]);
    expect((await getState(db, 'scjg'))!.position).toEqual({ at: 1 });
    expect(await getRun(db, runId)).toMatchObject({ read: 3, inserted: 3, quarantined: 0 });
  });

  it('rolls back on an error thrown inside the transaction (unknown run)', async () => {
    const { db } = getCatalog();
    await expect(loadAsRun(db, certificates(3), { runId: 'no-such-run', state: { ...NO_SYNC_STATE, position: 1 } })).rejects.toMatchObject({ code: 'HUB_ERR_NOT_FOUND' });
    expect(await countCertificates(db)).toBe(0);
    expect(await getState(db, 'scjg')).toBeUndefined();
  });

  it('refuses a batch whose counts do not add up', async () => {
    const { db } = getCatalog();
    await expect(loadAsRun(db, certificates(3), { counts: { read: 2, duplicates: 0 } })).rejects.toMatchObject({
      code: 'HUB_ERR_ACCOUNTING',
    });
    expect(await countCertificates(db)).toBe(0);
  });

  it('loads more rows than one statement chunk in one call', async () => {
    const { db } = getCatalog();
    const { result } = await loadAsRun(db, certificates(12_000));
    expect(result.inserted).toBe(12_000);
    const changed = certificates(12_000).map((c, i) => (i % 1000 === 0 ? { ...c, status: 'suspended' as const } : c));
    expect((await loadAsRun(db, changed)).result).toEqual({ inserted: 0, updated: 12, unchanged: 11_988 });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from certificate_versions where version = 2`.execute(db);
    expect(rows[0]!.n).toBe(12);
  });
});
