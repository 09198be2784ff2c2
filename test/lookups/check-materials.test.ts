import { describe, expect, it } from 'vitest';
import { checkMaterials, type HeldCertificate } from '../../lookups/check-materials.ts';
import type { Material } from '../../schemas/types.ts';

const TODAY = '2026-11-23';

function material(code: string, accepted: string[]): Material {
  return { material_code: code, name: `材料 ${code}`, required: true, accepted_cert_types: accepted };
}

function held(number: string, overrides: Partial<HeldCertificate> = {}): HeldCertificate {
  return {
    cert_type_code: 'scjg-yyzz',
    issuer_code: '11100000000013127D',
    cert_number: number,
    issued_on: '2020-01-01',
    valid_until: '2030-01-01',
    status: 'valid',
    ...overrides,
  };
}

const licence = [material('M01', ['scjg-yyzz'])];

function statusOf(certificates: HeldCertificate[], materials = licence) {
  return checkMaterials(materials, certificates, TODAY).materials[0];
}

describe('checkMaterials', () => {
  it('a material no certificate type replaces is not_replaceable, whatever the holder has', () => {
    expect(statusOf([held('A')], [material('M02', [])])).toEqual({
      material_code: 'M02',
      name: '材料 M02',
      required: true,
      accepted_cert_types: [],
      status: 'not_replaceable',
    });
  });

  it('a valid certificate of an accepted type satisfies it and is named', () => {
    expect(statusOf([held('A')])).toMatchObject({
      status: 'satisfied',
      certificate: { cert_type_code: 'scjg-yyzz', issuer_code: '11100000000013127D', cert_number: 'A', valid_until: '2030-01-01', status: 'valid' },
    });
  });

  it('picks the valid certificate with the latest valid_until, long-term counting as latest', () => {
    const list = [held('SOON', { valid_until: '2027-01-01' }), held('FOREVER', { valid_until: null }), held('LATER', { valid_until: '2040-01-01' })];
    expect(statusOf(list)?.certificate?.cert_number).toBe('FOREVER');
    expect(statusOf(list.slice(0, 1).concat(list.slice(2)))?.certificate?.cert_number).toBe('LATER');
  });

  it('a certificate valid until today still counts; one that ended yesterday is expired', () => {
    expect(statusOf([held('A', { valid_until: TODAY })])?.status).toBe('satisfied');
    expect(statusOf([held('A', { valid_until: '2026-11-22' })])).toMatchObject({ status: 'expired', certificate: { cert_number: 'A' } });
  });

  it('a stored status of expired is expired even without a date', () => {
    expect(statusOf([held('A', { status: 'expired', valid_until: null })])?.status).toBe('expired');
  });

  it('a valid certificate wins over expired and revoked ones', () => {
    const list = [held('OLD', { valid_until: '2020-01-01' }), held('GONE', { status: 'revoked' }), held('OK')];
    expect(statusOf(list)?.certificate?.cert_number).toBe('OK');
  });

  it('expired wins over revoked when nothing is valid', () => {
    expect(statusOf([held('GONE', { status: 'revoked' }), held('OLD', { valid_until: '2020-01-01' })])?.status).toBe('expired');
  });

  it.each(['revoked', 'cancelled', 'suspended'] as const)('a %s certificate gives revoked with the actual status', (status) => {
    expect(statusOf([held('A', { status })])).toMatchObject({ status: 'revoked', certificate_status: status, certificate: { status } });
  });

  it('certificates of other types do not count: missing', () => {
    expect(statusOf([held('A', { cert_type_code: 'rs-zyzg' })])).toMatchObject({ status: 'missing' });
    expect(statusOf([])?.certificate).toBeUndefined();
  });

  it('any accepted type will do', () => {
    expect(statusOf([held('Q', { cert_type_code: 'rs-zyzg' })], [material('M01', ['scjg-yyzz', 'rs-zyzg'])])?.status).toBe('satisfied');
  });

  it('counts materials, waivable materials and satisfied ones', () => {
    const materials = [material('M01', ['scjg-yyzz']), material('M02', []), material('M03', ['rs-zyzg'])];
    const decision = checkMaterials(materials, [held('A')], TODAY);
    expect(decision.materials.map((m) => m.status)).toEqual(['satisfied', 'not_replaceable', 'missing']);
    expect(decision.totals).toEqual({ materials: 3, waivable: 2, satisfied: 1 });
  });

  it('ties on valid_until go to the later issue, then the lower number, so the choice is stable', () => {
    const list = [held('B', { issued_on: '2021-01-01' }), held('C', { issued_on: '2022-01-01' }), held('A', { issued_on: '2022-01-01' })];
    expect(statusOf(list)?.certificate?.cert_number).toBe('A');
    expect(statusOf([...list].reverse())?.certificate?.cert_number).toBe('A');
  });
});
