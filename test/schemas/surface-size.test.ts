import { describe, expect, it } from 'vitest';
import certificateSchema from '../../schemas/certificate.schema.json' with { type: 'json' };
import { SURFACE_FIELD_MAX, SURFACE_MAX } from '../../schemas/surface-limits.ts';
import { validateCertificate } from '../../schemas/validate-record.ts';

const GOOD = {
  cert_type_code: 'scjg-yyzz',
  cert_number: 'YYZZ00000001',
  issuer_code: '11220000013544541J',
  holder_kind: 'organisation',
  holder_id_type: '001',
  holder_id: '91330106Q5GX3UL924',
  holder_name: '庐陵建材有限公司',
  issued_on: '2020-05-10',
  valid_until: null,
  status: 'valid',
};

const check = (surface: Record<string, unknown>) => validateCertificate({ ...GOOD, surface }, { today: new Date('2026-11-23T00:00:00+08:00') });

describe('the size cap on surface (照面信息)', () => {
  it('a 5 MB unmapped field is invalid_value naming the field and the limit', () => {
    const r = check({ 经营范围: '批发'.repeat(2_621_440), 住所: '某市某路1号' });
    expect(r).toEqual({
      ok: false,
      reason: 'invalid_value',
      path: '/surface/经营范围',
      message: `照面信息 surface.经营范围: 5242880 characters, above the limit of ${SURFACE_FIELD_MAX} per field`,
      details: { keyword: 'maxLength', limit: SURFACE_FIELD_MAX, size: 5_242_880 },
    });
  });

  it('a nested value counts by its JSON text', () => {
    const r = check({ 附件: { 页: Array.from({ length: 2000 }, (_, i) => `第${i}页内容`) } });
    expect(r).toMatchObject({ ok: false, reason: 'invalid_value', path: '/surface/附件', details: { keyword: 'maxLength', limit: SURFACE_FIELD_MAX } });
  });

  it('many fields each under the limit still may not exceed the whole-surface limit', () => {
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`项目${i}`, '字'.repeat(SURFACE_FIELD_MAX)]));
    const r = check(fields);
    expect(r).toMatchObject({ ok: false, reason: 'invalid_value', path: '/surface', details: { keyword: 'maxLength', limit: SURFACE_MAX } });
    expect(r.ok || r.message).toMatch(new RegExp(`above the limit of ${SURFACE_MAX} for the whole surface`));
  });

  it('the schema documents both limits', () => {
    const text = certificateSchema.properties.surface.description;
    expect(text).toContain(`at most ${SURFACE_FIELD_MAX} characters per field`);
    expect(text).toContain(`${SURFACE_MAX} for the whole`);
  });

  it('a long business scope at the limit loads', () => {
    expect(check({ 经营范围: '字'.repeat(SURFACE_FIELD_MAX) }).ok).toBe(true);
  });
});
