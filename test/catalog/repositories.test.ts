import { beforeEach, expect, it } from 'vitest';
import { createClient, findClientByKeyHash, listClients, revokeClient } from '../../catalog/api-client-repository.ts';
import { certificatesByHolder, certificateWithVersions, countCertificates } from '../../catalog/certificate-repository.ts';
import { listCertificateTypes, upsertCertificateTypes } from '../../catalog/certificate-type-repository.ts';
import { createLookupWriter } from '../../catalog/lookup-log-writer.ts';
import { appendLookups, holderHash, readLookups } from '../../catalog/lookup-log.ts';
import { getQuarantine, listQuarantine, resolveQuarantine } from '../../catalog/quarantine-repository.ts';
import { finishRun, getRun, listRuns, startRun } from '../../catalog/run-repository.ts';
import { getState, setState } from '../../catalog/state-repository.ts';
import { NO_SYNC_STATE } from '../../core/sync-state.ts';
import { forEachTarget, resetCatalog } from '../setup.ts';
import { certificate, ISSUER, loadAsRun } from './fixtures.ts';

forEachTarget('repositories', (getCatalog) => {
  beforeEach(async () => {
    await resetCatalog(getCatalog().db);
  });

  it('lists a holder’s certificates with a derived expired flag (Asia/Shanghai dates)', async () => {
    const { db } = getCatalog();
    await loadAsRun(db, [
      certificate(1, { holder_id: 'H', valid_until: '2025-03-01' }),
      certificate(2, { holder_id: 'H', valid_until: '2025-03-02' }),
      certificate(3, { holder_id: 'H', valid_until: null }),
      certificate(4, { holder_id: 'H', cert_type_code: 'rs-zyzg', status: 'revoked' }),
      certificate(5, { holder_id: 'OTHER' }),
    ]);
    // 2025-03-01T17:00Z is already 2025-03-02 in Shanghai: the certificate valid until 03-01 has expired.
    const rows = await certificatesByHolder(db, 'H', { type: 'scjg-yyzz', today: new Date('2025-03-01T17:00:00Z') });
    expect(rows.map((r) => [r.cert_number, r.expired])).toEqual([
      ['NO-000001', true],
      ['NO-000002', false],
      ['NO-000003', false],
    ]);
    expect((await certificatesByHolder(db, 'H', { today: '2025-03-01' })).find((r) => r.cert_number === 'NO-000001')?.expired).toBe(false);
    expect((await certificatesByHolder(db, 'H', { status: 'revoked' })).map((r) => r.cert_type_code)).toEqual(['rs-zyzg']);
    expect(await certificatesByHolder(db, 'nobody')).toEqual([]);
    expect(await countCertificates(db, { holderId: 'H' })).toBe(4);
    const one = await certificateWithVersions(db, { typeCode: 'scjg-yyzz', issuerCode: ISSUER, number: 'NO-000001' }, { today: '2026-01-01' });
    expect(one!.certificate.expired).toBe(true);
    expect(one!.certificate.surface).toEqual({ 注册资本: '1万元', 住所: '北京市' });
    expect(one!.certificate.source_updated_at).toEqual(new Date('2024-05-01T02:00:00Z'));
    expect(await certificateWithVersions(db, { typeCode: 'x', issuerCode: ISSUER, number: 'NO-000001' })).toBeUndefined();
  });

  it('records runs from start to finish', async () => {
    const { db } = getCatalog();
    const a = await startRun(db, { pipeline: 'p1', trigger: 'cli' });
    const b = await startRun(db, { pipeline: 'p2', trigger: 'schedule' });
    expect(await getRun(db, a)).toMatchObject({ status: 'running', finished_at: null, read: 0, error: null });
    await finishRun(db, a, { status: 'failed', error: { code: 'HUB_ERR_SOURCE_UNREADABLE', message: 'gone' } });
    await finishRun(db, b, { status: 'succeeded' });
    expect(await getRun(db, a)).toMatchObject({ status: 'failed', error: { code: 'HUB_ERR_SOURCE_UNREADABLE' } });
    expect((await getRun(db, a))!.finished_at).toBeInstanceOf(Date);
    expect((await listRuns(db)).map((r) => r.id).sort()).toEqual([a, b].sort());
    expect((await listRuns(db, { pipeline: 'p2' })).map((r) => r.id)).toEqual([b]);
    expect(await listRuns(db, { limit: 1 })).toHaveLength(1);
    await expect(finishRun(db, 'missing', { status: 'succeeded' })).rejects.toMatchObject({ code: 'HUB_ERR_NOT_FOUND' });
  });

  it('lists, shows and resolves quarantined records', async () => {
    const { db } = getCatalog();
    const q = (line: number, reason: 'invalid_date' | 'invalid_code') => ({ line, raw: { line }, reason, path: '/x', message: 'bad' });
    await loadAsRun(db, [], { quarantine: [q(1, 'invalid_date'), q(2, 'invalid_code'), q(3, 'invalid_date')] });
    const all = await listQuarantine(db, { pipeline: 'scjg' });
    expect(all.map((r) => r.line)).toEqual([1, 2, 3]);
    expect((await listQuarantine(db, { reason: 'invalid_date' })).map((r) => r.line)).toEqual([1, 3]);
    const fixer = await startRun(db, { pipeline: 'scjg', trigger: 'retry' });
    expect(await resolveQuarantine(db, [all[0]!.id, all[2]!.id], { kind: 'retried', runId: fixer })).toEqual([all[0]!.id, all[2]!.id]);
    expect(await resolveQuarantine(db, [all[0]!.id], { kind: 'dismissed', note: 'withdrawn' })).toEqual([]);
    expect((await listQuarantine(db, { unresolvedOnly: true })).map((r) => r.line)).toEqual([2]);
    expect(await getQuarantine(db, all[0]!.id)).toMatchObject({ resolved_run_id: fixer, resolution: 'retried', resolution_note: null, raw: { line: 1 } });
    expect(await getQuarantine(db, 999_999)).toBeUndefined();
  });

  it('keeps the sync state of a pipeline', async () => {
    const { db } = getCatalog();
    expect(await getState(db, 'p')).toBeUndefined();
    const partial = { position: { line: 9 }, fingerprint: '42:sha256:ab', floor: ['2024-05-01T00:00:00Z', 'NO-1'], max: ['2024-05-02T00:00:00Z', 'NO-9'], complete: false };
    await setState(db, 'p', partial);
    expect(await getState(db, 'p')).toMatchObject({ ...partial, runId: null });
    await setState(db, 'p', NO_SYNC_STATE);
    expect(await getState(db, 'p')).toMatchObject({ ...NO_SYNC_STATE, runId: null });
  });

  it('upserts and lists certificate types', async () => {
    const { db } = getCatalog();
    await upsertCertificateTypes(db, [
      { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' },
      { code: 'rs-zyzg', name: '职业资格', holder_kind: 'person' },
    ]);
    await upsertCertificateTypes(db, [{ code: 'rs-zyzg', name: '专业技术人员职业资格证书', holder_kind: 'person' }]);
    expect(await listCertificateTypes(db)).toEqual([
      { code: 'rs-zyzg', name: '专业技术人员职业资格证书', holder_kind: 'person' },
      { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' },
    ]);
  });

  it('creates, finds and revokes API clients', async () => {
    const { db } = getCatalog();
    const id = await createClient(db, { name: 'window-1', keyHash: 'kh1', scopes: ['certificates:read', 'checks:run'] });
    await createClient(db, { name: 'window-2', keyHash: 'kh2', scopes: [] });
    expect(await findClientByKeyHash(db, 'kh1')).toMatchObject({ id, scopes: ['certificates:read', 'checks:run'] });
    await expect(createClient(db, { name: 'window-1', keyHash: 'kh3', scopes: [] })).rejects.toThrow(/api_clients_name_key/);
    expect(await revokeClient(db, 'window-1')).toBe(true);
    expect(await revokeClient(db, id)).toBe(false);
    expect(await findClientByKeyHash(db, 'kh1')).toBeUndefined();
    expect((await listClients(db)).map((c) => c.name)).toEqual(['window-2']);
    expect((await listClients(db, { includeRevoked: true })).map((c) => c.name)).toEqual(['window-1', 'window-2']);
  });

  it('appends lookups with keyed holder hashes and reads them back in order', async () => {
    const { db } = getCatalog();
    const hash = holderHash('secret', '110101199003074514');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(holderHash('other-secret', '110101199003074514'));
    const seqs = await appendLookups(db, [
      { clientId: 'a', purpose: '核验', kind: 'holder', holderHash: hash, result: { count: 2 } },
      { clientId: 'b', purpose: '核验', kind: 'check', matterCode: 'M1', holderHash: hash, result: { satisfied: 1 } },
    ]);
    expect(seqs).toEqual([1, 2]);
    const rows = await readLookups(db, { clientId: 'b' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: 2, kind: 'check', matter_code: 'M1', result: { satisfied: 1 }, block_id: null });
    expect(await readLookups(db, { since: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it('groups concurrent lookups into shared inserts', async () => {
    const { db } = getCatalog();
    const writer = createLookupWriter(db, { maxBatch: 40 });
    const seqs = await Promise.all(
      Array.from({ length: 100 }, (_, i) => writer.append({ clientId: 'c', purpose: 'p', kind: 'holder', result: { i } })),
    );
    expect(new Set(seqs).size).toBe(100);
    await writer.flush();
    const rows = await readLookups(db, { limit: 1000 });
    expect(rows).toHaveLength(100);
    for (const row of rows) expect(seqs[(row.result as { i: number }).i]).toBe(row.seq);
  });
});
