import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatesByHolder } from '../../catalog/certificate-repository.ts';
import { loadMatterBatch } from '../../catalog/load-matters.ts';
import { finishRun, startRun } from '../../catalog/run-repository.ts';
import { upgradeResidentId15 } from '../../schemas/formats/resident-id.ts';
import { addKey, bearer, buildApp } from '../api/api-fixture.ts';
import { certificate, loadAsRun, matter } from '../catalog/fixtures.ts';
import { forEachTarget } from '../setup.ts';

/** A legacy 15-digit resident id, and the 18 digits it normalises to. */
const ID15 = '110105491231002';
const ID18 = upgradeResidentId15(ID15);
const MATTER = '11100000000013127D4110000000000001';

function fullWidth(value: string): string {
  return value.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

const person = { holder_kind: 'person' as const, holder_id_type: '111' };

forEachTarget('holder lookups read every stored spelling in one statement', (getCatalog) => {
  let app: FastifyInstance;
  let key = '';
  const holder = (id: string, query = '') => app.inject({ url: `/v1/holders/${encodeURIComponent(id)}/certificates?purpose=p${query}`, headers: bearer(key) });
  const numbers = (body: { certificates: { cert_number: string }[] }) => body.certificates.map((c) => c.cert_number);

  beforeAll(async () => {
    const db = getCatalog().db;
    // A licence under the 18-digit id; a qualification (a type that sorts first) and an older licence
    // stored under the 15 digits as the feed kept them; someone else's licence.
    await loadAsRun(db, [
      certificate(1, { ...person, holder_id: ID18, cert_type_code: 'scjg-yyzz', issued_on: '2021-01-01' }),
      certificate(2, { ...person, holder_id: ID15, cert_type_code: 'rs-zyzg', issued_on: '2019-01-01' }),
      certificate(3, { ...person, holder_id: ID15, cert_type_code: 'scjg-yyzz', issued_on: '2015-01-01', valid_until: '2020-01-01' }),
      certificate(4, { ...person, holder_id: '110105194912310038', cert_type_code: 'scjg-yyzz' }),
    ]);
    const runId = await startRun(db, { pipeline: 'matters', trigger: 'test' });
    const m = matter(MATTER, 2);
    m.materials[1]!.accepted_cert_types = ['rs-zyzg'];
    await loadMatterBatch(db, { runId, pipeline: 'matters', records: [m], quarantine: [], counts: { read: 1, duplicates: 0 } });
    await finishRun(db, runId, { status: 'succeeded' });
    key = await addKey(db, 'window', ['certificates:read', 'checks:run']);
    app = await buildApp(db);
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists the certificates of the first id first, then those stored under the others, each by type', async () => {
    const { db } = getCatalog();
    const rows = await certificatesByHolder(db, [ID18, ID15]);
    expect(rows.map((r) => [r.holder_id, r.cert_type_code, r.cert_number])).toEqual([
      [ID18, 'scjg-yyzz', 'NO-000001'],
      [ID15, 'rs-zyzg', 'NO-000002'],
      [ID15, 'scjg-yyzz', 'NO-000003'],
    ]);
    expect((await certificatesByHolder(db, [ID15, ID18])).map((r) => r.cert_number)).toEqual(['NO-000002', 'NO-000003', 'NO-000001']);
    expect(await certificatesByHolder(db, [ID18, ID18])).toHaveLength(1);
    expect(await certificatesByHolder(db, [])).toEqual([]);
  });

  it('a 15-digit id, in half or full width, finds what is stored under both spellings; the 18 digits only their own', async () => {
    for (const form of [ID15, fullWidth(ID15), ` ${ID15.slice(0, 6)} ${ID15.slice(6)} `]) {
      const res = await holder(form);
      expect(res.statusCode, form).toBe(200);
      expect(res.json(), form).toMatchObject({ holder_id: ID18, count: 3 });
      expect(numbers(res.json()), form).toEqual(['NO-000001', 'NO-000002', 'NO-000003']);
    }
    expect(numbers((await holder(ID18)).json())).toEqual(['NO-000001']);
    expect(numbers((await holder(ID15, '&type=scjg-yyzz')).json())).toEqual(['NO-000001', 'NO-000003']);
    expect((await holder(ID15)).json().certificates.map((c: { expired: boolean }) => c.expired)).toEqual([false, false, true]);
  });

  it('a check given the 15 digits is satisfied by certificates stored under either spelling', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/checks', headers: bearer(key), payload: { matter_code: MATTER, holder_id: fullWidth(ID15), purpose: 'p' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().materials.map((m: { status: string; certificate?: { cert_number: string } }) => [m.status, m.certificate?.cert_number])).toEqual([
      ['satisfied', 'NO-000001'],
      ['satisfied', 'NO-000002'],
    ]);
  });

  describe('when the lookup log cannot be written', () => {
    beforeAll(async () => {
      const { db } = getCatalog();
      await sql`create function refuse_lookup_log() returns trigger language plpgsql as $$ begin raise exception 'lookup log refused for this test'; end $$`.execute(db);
      await sql`create trigger refuse_lookup_log before insert on lookup_log for each statement execute function refuse_lookup_log()`.execute(db);
    });
    afterAll(async () => {
      const { db } = getCatalog();
      await sql`drop trigger refuse_lookup_log on lookup_log`.execute(db);
      await sql`drop function refuse_lookup_log()`.execute(db);
    });

    it('answers neither a holder lookup nor a check, and says nothing of the certificates', async () => {
      const answers = [
        await holder(ID15),
        await app.inject({ method: 'POST', url: '/v1/checks', headers: bearer(key), payload: { matter_code: MATTER, holder_id: ID15, purpose: 'p' } }),
      ];
      for (const res of answers) {
        expect(res.statusCode).toBeGreaterThanOrEqual(500);
        expect(res.json()).toEqual({ error: { code: expect.stringMatching(/^HUB_ERR_/), message: expect.any(String) } });
        expect(res.body).not.toContain('NO-00000');
        expect(res.body).not.toContain(ID18);
      }
    });
  });
});
