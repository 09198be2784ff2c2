import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskUrl } from '../../api/request-log.ts';
import { holderHash } from '../../catalog/lookup-log.ts';
import type { LookupLogRow } from '../../catalog/tables/lookup-log.ts';
import { verifyChains } from '../../catalog/verify-chains.ts';
import { forEachTarget } from '../setup.ts';
import { captureLog } from '../capture-log.ts';
import { addKey, bearer, buildApp, HASH_KEY, syncDirtyWorkspace, truth } from './api-fixture.ts';

const people = truth.holders.filter((h) => h.person);
/** Every spelling of every person's id that appears in the fixture: none may reach a log or the lookup log. */
const identityForms = [...new Set(people.flatMap((h) => [h.holder_id, h.query, h.query.toLowerCase()]))];

forEachTarget('lookup log and request logs', (getCatalog) => {
  let app: FastifyInstance;
  let key = '';
  let clientId = '';
  const captured = captureLog('trace');
  const rows = () => getCatalog().db.selectFrom('lookup_log').selectAll().orderBy('seq').execute();
  const lastRow = async (): Promise<LookupLogRow> => (await rows()).at(-1)!;

  beforeAll(async () => {
    const db = getCatalog().db;
    await syncDirtyWorkspace(db);
    key = await addKey(db, 'auditable', ['certificates:read', 'checks:run']);
    clientId = (await db.selectFrom('api_clients').select('id').where('name', '=', 'auditable').executeTakeFirstOrThrow()).id;
    app = await buildApp(db, { logger: captured.logger, sealIntervalMs: 50 });
  });
  afterAll(async () => {
    await app.close();
  });

  it('writes one row per lookup before answering, with a keyed hash and no raw holder id', async () => {
    const person = people.find((h) => /^\d{15}$/.test(h.query))!;
    const purpose = '办理职称评审';
    const before = (await rows()).length;

    const lookup = await app.inject({
      url: `/v1/holders/${person.query}/certificates`,
      headers: { ...bearer(key), 'x-purpose': encodeURIComponent(purpose) },
    });
    expect(lookup.statusCode).toBe(200);
    expect(await rows()).toHaveLength(before + 1);
    expect(await lastRow()).toMatchObject({
      client_id: clientId,
      purpose,
      kind: 'holder',
      matter_code: null,
      holder_hash: holderHash(HASH_KEY, person.holder_id),
      result: { certificates: person.certificates, by_type: { 'rs-zyzg': 1 } },
    });

    const check = await app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer(key),
      payload: { matter_code: truth.matters[1], holder_id: person.holder_id, purpose },
    });
    expect(check.statusCode).toBe(200);
    expect(await rows()).toHaveLength(before + 2);
    const checkRow = await lastRow();
    expect(checkRow).toMatchObject({ kind: 'check', matter_code: truth.matters[1], holder_hash: holderHash(HASH_KEY, person.holder_id) });
    expect(checkRow.result).toEqual({ matter_found: true, totals: check.json().totals, materials: { M01: check.json().materials[0].status } });

    const certificate = lookup.json().certificates[0];
    const read = await app.inject({
      url: `/v1/certificates/${certificate.cert_type_code}/${certificate.issuer_code}/${certificate.cert_number}?purpose=${encodeURIComponent(purpose)}`,
      headers: bearer(key),
    });
    expect(read.statusCode).toBe(200);
    expect(await lastRow()).toMatchObject({ kind: 'certificate', holder_hash: holderHash(HASH_KEY, person.holder_id), result: { found: true, versions: 1 } });

    const absent = await app.inject({ url: '/v1/certificates/rs-zyzg/11110105L30P87747T/NOPE?purpose=p', headers: bearer(key) });
    expect(absent.statusCode).toBe(404);
    expect(await lastRow()).toMatchObject({ kind: 'certificate', holder_hash: null, result: { found: false } });
    expect(await rows()).toHaveLength(before + 4);

    const logged = JSON.stringify(await rows());
    for (const form of identityForms) expect(logged).not.toContain(form);
  });

  it('refused requests and matter reads are not lookups', async () => {
    const before = (await rows()).length;
    const refused: InjectOptions[] = [
      { url: `/v1/holders/${truth.examples.valid}/certificates?purpose=p` },
      { url: `/v1/holders/${truth.examples.valid}/certificates`, headers: bearer(key) },
      { method: 'POST', url: '/v1/checks', headers: bearer(key), payload: { matter_code: truth.matters[0], holder_id: "' OR 1=1 --", purpose: 'p' } },
      { url: `/v1/matters/${truth.matters[0]}`, headers: bearer(key) },
    ];
    for (const options of refused) await app.inject(options);
    expect(await rows()).toHaveLength(before);
  });

  it('concurrent requests share inserts and each still gets its own row', async () => {
    const before = (await rows()).length;
    const ids = truth.holders.slice(0, 40).map((h) => h.query);
    const answers = await Promise.all(
      ids.map((id) => app.inject({ url: `/v1/holders/${encodeURIComponent(id)}/certificates?purpose=batch`, headers: bearer(key) })),
    );
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    const added = (await rows()).slice(before);
    expect(added).toHaveLength(ids.length);
    expect(added.every((r) => r.purpose === 'batch')).toBe(true);
    // Rows of one multi-row insert share its transaction's timestamp.
    expect(new Set(added.map((r) => r.at.getTime())).size).toBeLessThan(ids.length);
  });

  it('the sealer folds the rows into hash-chained blocks that verify', async () => {
    await expect.poll(async () => (await rows()).every((r) => r.block_id !== null), { timeout: 5000, interval: 50 }).toBe(true);
    const report = await verifyChains(getCatalog().db);
    expect(report.ok).toBe(true);
    expect(report.lookupLog.rows).toBe((await rows()).length);
    expect(report.lookupLog.unsealed.rows).toBe(0);
  });

  it('log lines never hold a full identity number, whatever its spelling', async () => {
    for (const h of people) {
      await app.inject({ url: `/v1/holders/${encodeURIComponent(h.query)}/certificates?purpose=p`, headers: bearer(key) });
      await app.inject({ url: `/v1/holders/${encodeURIComponent(h.holder_id.toLowerCase())}/certificates`, headers: bearer(key) });
      await app.inject({ method: 'POST', url: '/v1/checks', headers: bearer(key), payload: { matter_code: 'NOPE', holder_id: h.query, purpose: 'p' } });
      await app.inject({ url: `/v1/holders/${h.holder_id}/nothing-here`, headers: bearer(key) });
    }
    const text = captured.text();
    expect(text).toContain('incoming request');
    expect(text).toContain('/v1/holders/230301');
    for (const form of identityForms) expect(text).not.toContain(form);
    for (const h of people) expect(text).not.toContain(encodeURIComponent(h.query));
  });
});

describe('maskUrl', () => {
  it('masks the holder segment in every spelling and identity numbers elsewhere', () => {
    expect(maskUrl('/v1/holders/11010519491231002X/certificates?type=a')).toBe('/v1/holders/110105********002X/certificates?type=a');
    expect(maskUrl(`/v1/holders/${encodeURIComponent('１１０１０５１９４９１２３１００２ｘ')}/certificates`)).toBe('/v1/holders/110105********002X/certificates');
    expect(maskUrl('/v1/holders/230301880319400/certificates')).toBe('/v1/holders/230301*****9400/certificates');
    expect(maskUrl('/v1/other?id=11010519491231002X')).toBe('/v1/other?id=110105********002X');
    expect(maskUrl('/v1/holders/%E0%A4%A/certificates')).not.toContain('%E0');
  });
});
