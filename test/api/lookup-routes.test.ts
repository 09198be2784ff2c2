import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachTarget } from '../setup.ts';
import { addKey, bearer, buildApp, syncDirtyWorkspace, truth } from './api-fixture.ts';

const [FOOD_LICENCE, TITLE_REVIEW] = truth.matters;

/** U+FF10… full-width digits and letters, as some windows type them. */
function fullWidth(value: string): string {
  return value.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** The legacy 15-digit form of an 18-digit resident id born in the 1900s. */
function legacy15(id18: string): string {
  return id18.slice(0, 6) + id18.slice(8, 17);
}

forEachTarget('lookup API over the synced dirty workspace', (getCatalog) => {
  let app: FastifyInstance;
  let key = '';
  const headers = () => ({ ...bearer(key), 'x-purpose': encodeURIComponent('办理食品经营许可') });
  const holder = (id: string, query = '') =>
    app.inject({ url: `/v1/holders/${encodeURIComponent(id)}/certificates${query}`, headers: headers() });
  const check = (matter_code: string, holder_id: string) =>
    app.inject({ method: 'POST', url: '/v1/checks', headers: bearer(key), payload: { matter_code, holder_id, purpose: '免证办理核验' } });

  beforeAll(async () => {
    const db = getCatalog().db;
    await syncDirtyWorkspace(db);
    key = await addKey(db, 'window', ['certificates:read', 'checks:run']);
    app = await buildApp(db);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('GET /v1/holders/:holderId/certificates', () => {
    it("returns the holder's certificates with expired derived for today", async () => {
      const valid = await holder(truth.examples.valid);
      expect(valid.statusCode).toBe(200);
      expect(valid.json()).toMatchObject({
        as_of: '2026-11-23',
        holder_id: truth.examples.valid,
        count: 1,
        certificates: [{ cert_type_code: 'scjg-yyzz', holder_id: truth.examples.valid, status: 'valid', valid_until: null, expired: false, version: 1 }],
      });
      const expired = (await holder(truth.examples.expired)).json();
      expect(expired.certificates[0]).toMatchObject({ status: 'valid', expired: true });
      expect(expired.certificates[0].valid_until < '2026-11-23').toBe(true);
    });

    it('answers an unknown holder with an empty list', async () => {
      const res = await holder(truth.examples.missing);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ holder_id: truth.examples.missing, count: 0, certificates: [] });
    });

    it('finds every holder by the id as written in the source (spaces, lower case, full width, 15 digits)', async () => {
      for (const h of truth.holders) {
        const res = await holder(h.query);
        expect(res.statusCode, h.query).toBe(200);
        const body = res.json();
        expect(body.holder_id, h.query).toBe(h.holder_id);
        expect(body.count, h.query).toBe(h.certificates);
        expect(body.certificates.every((c: { holder_id: string }) => c.holder_id === h.holder_id)).toBe(true);
      }
    });

    it('full-width, lower-case x and 15-digit forms of a resident id find the same certificates', async () => {
      const people = truth.holders.filter((h) => h.person);
      const withX = people.find((h) => h.holder_id.endsWith('X') && h.holder_id.slice(6, 8) === '19');
      const plain = people.find((h) => /^\d{18}$/.test(h.holder_id) && h.holder_id.slice(6, 8) === '19');
      expect(withX).toBeDefined();
      expect(plain).toBeDefined();
      for (const h of [withX!, plain!]) {
        const canonical = (await holder(h.holder_id)).json();
        expect(canonical.count).toBe(h.certificates);
        const forms = [fullWidth(h.holder_id), h.holder_id.toLowerCase(), legacy15(h.holder_id), `${h.holder_id.slice(0, 6)} ${h.holder_id.slice(6)}`];
        for (const form of forms) {
          const body = (await holder(form)).json();
          expect(body.holder_id, form).toBe(h.holder_id);
          expect(body.certificates, form).toEqual(canonical.certificates);
        }
      }
    });

    it('filters by type and by stored status', async () => {
      expect((await holder(truth.examples.revoked, '?status=revoked')).json().count).toBe(1);
      expect((await holder(truth.examples.revoked, '?status=valid')).json().count).toBe(0);
      expect((await holder(truth.examples.valid, '?type=scjg-yyzz')).json().count).toBe(1);
      expect((await holder(truth.examples.valid, '?type=rs-zyzg')).json().count).toBe(0);
    });

    it('takes the purpose from the query string as well as from X-Purpose, raw UTF-8 included', async () => {
      const viaQuery = await app.inject({
        url: `/v1/holders/${truth.examples.valid}/certificates?purpose=${encodeURIComponent('核验')}`,
        headers: bearer(key),
      });
      expect(viaQuery.statusCode).toBe(200);
      const rawUtf8 = await app.inject({
        url: `/v1/holders/${truth.examples.valid}/certificates`,
        headers: { ...bearer(key), 'x-purpose': Buffer.from('核验', 'utf8').toString('latin1') },
      });
      expect(rawUtf8.statusCode).toBe(200);
    });
  });

  describe('GET /v1/certificates/:typeCode/:issuerCode/:number', () => {
    it('returns the certificate with its version history', async () => {
      const listed = (await holder(truth.examples.revoked)).json().certificates[0];
      const url = `/v1/certificates/${listed.cert_type_code}/${listed.issuer_code}/${encodeURIComponent(listed.cert_number)}`;
      const res = await app.inject({ url, headers: headers() });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.certificate).toEqual(listed);
      expect(body.versions).toHaveLength(1);
      expect(body.versions[0]).toMatchObject({ version: 1, change: 'insert', prev_hash: '', valid_to: null, content_hash: listed.content_hash });
      expect(body.versions[0].data).toMatchObject({ cert_number: listed.cert_number, status: 'revoked' });
      expect(body.versions[0].hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('normalises the issuer code but compares type and number as given', async () => {
      const listed = (await holder(truth.examples.valid)).json().certificates[0];
      const lower = await app.inject({
        url: `/v1/certificates/${listed.cert_type_code}/${listed.issuer_code.toLowerCase()}/${listed.cert_number}`,
        headers: headers(),
      });
      expect(lower.statusCode).toBe(200);
      const otherType = await app.inject({ url: `/v1/certificates/SCJG-YYZZ/${listed.issuer_code}/${listed.cert_number}`, headers: headers() });
      expect(otherType.statusCode).toBe(404);
    });

    it('404 with the error shape when there is no such certificate', async () => {
      const res = await app.inject({ url: '/v1/certificates/scjg-yyzz/11100000000013127D/NOPE', headers: headers() });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'HUB_ERR_NOT_FOUND', message: expect.any(String) } });
    });
  });

  describe('POST /v1/checks', () => {
    it('satisfied with the certificate used, and not_replaceable for a material no certificate replaces (M02)', async () => {
      const res = await check(FOOD_LICENCE, truth.examples.valid);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        as_of: '2026-11-23',
        holder_id: truth.examples.valid,
        matter: { matter_code: FOOD_LICENCE, name: '食品经营许可' },
        totals: { materials: 2, waivable: 1, satisfied: 1 },
      });
      expect(body.materials).toEqual([
        {
          material_code: 'M01',
          name: '营业执照',
          required: true,
          accepted_cert_types: ['scjg-yyzz'],
          status: 'satisfied',
          certificate: { cert_type_code: 'scjg-yyzz', issuer_code: expect.any(String), cert_number: expect.any(String), valid_until: null, status: 'valid' },
        },
        { material_code: 'M02', name: '食品经营许可申请书', required: true, accepted_cert_types: [], status: 'not_replaceable' },
      ]);
    });

    it('expired when the only licence is past its valid_until', async () => {
      const body = (await check(FOOD_LICENCE, truth.examples.expired)).json();
      expect(body.materials[0]).toMatchObject({ status: 'expired', certificate: { status: 'valid' } });
      expect(body.totals).toEqual({ materials: 2, waivable: 1, satisfied: 0 });
    });

    it('revoked, saying the actual status', async () => {
      const body = (await check(FOOD_LICENCE, truth.examples.revoked)).json();
      expect(body.materials[0]).toMatchObject({ status: 'revoked', certificate_status: 'revoked', certificate: { status: 'revoked' } });
    });

    it('missing when the holder has no certificate of an accepted type', async () => {
      const body = (await check(FOOD_LICENCE, truth.examples.missing)).json();
      expect(body.materials[0]).toEqual({ material_code: 'M01', name: '营业执照', required: true, accepted_cert_types: ['scjg-yyzz'], status: 'missing' });
      const organisation = (await check(TITLE_REVIEW, truth.examples.valid)).json();
      expect(organisation.materials[0].status).toBe('missing');
    });

    it('a person with a qualification, given by the 15-digit id, satisfies the title review', async () => {
      const person = truth.holders.find((h) => h.person && /^\d{15}$/.test(h.query))!;
      const body = (await check(TITLE_REVIEW, person.query)).json();
      expect(body.holder_id).toBe(person.holder_id);
      expect(body.materials[0].accepted_cert_types).toEqual(['rs-zyzg']);
      expect(['satisfied', 'expired', 'revoked']).toContain(body.materials[0].status);
    });

    it('404 for an unknown matter', async () => {
      const res = await check('113608230H6NLNHD6P4360117009999', truth.examples.valid);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('HUB_ERR_NOT_FOUND');
    });
  });

  describe('matters', () => {
    it('GET /v1/matters/:code gives the matter with its materials in order', async () => {
      const res = await app.inject({ url: `/v1/matters/${FOOD_LICENCE}`, headers: bearer(key) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        matter_code: FOOD_LICENCE,
        name: '食品经营许可',
        matter_type: '01',
        materials: [
          { material_code: 'M01', accepted_cert_types: ['scjg-yyzz'] },
          { material_code: 'M02', accepted_cert_types: [] },
        ],
      });
    });

    it('GET /v1/matters?q= searches by name', async () => {
      const res = await app.inject({ url: `/v1/matters?q=${encodeURIComponent('职称')}`, headers: bearer(key) });
      expect(res.statusCode).toBe(200);
      expect(res.json().matters.map((m: { matter_code: string }) => m.matter_code)).toEqual([TITLE_REVIEW]);
      const all = (await app.inject({ url: '/v1/matters', headers: bearer(key) })).json();
      expect(all.matters).toHaveLength(2);
      expect(all.matters[0].materials).toBeUndefined();
    });

    it('404 for an unknown matter code', async () => {
      const res = await app.inject({ url: '/v1/matters/NOPE', headers: bearer(key) });
      expect(res.statusCode).toBe(404);
    });
  });
});
