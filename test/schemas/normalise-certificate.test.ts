import { describe, expect, it } from 'vitest';
import { normaliseCertificate } from '../../schemas/normalise/certificate.ts';
import type { CertificateType } from '../../schemas/types.ts';

const TODAY = new Date('2026-11-23T00:00:00+08:00');
const TYPES: CertificateType[] = [
  { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' },
  { code: 'rs-zyzg', name: '专业技术人员职业资格证书', holder_kind: 'person' },
];

const licence = {
  cert_type_code: ' scjg-yyzz ',
  cert_number: ' YYZZ00000017 ',
  holder_name: '　庐陵商贸有限公司  ',
  holder_id: '９１３３０１０６Ｑ５ＧＸ３ＵＬ９２４',
  issuer_name: '360802市场监督管理局',
  issuer_code: '11360802-7EJ8RU0Q6F',
  issued_on: '2020年1月25日',
  valid_until: '长期',
  status: '正常',
  source_updated_at: '2024-01-01 00:17:00',
};

describe('normaliseCertificate', () => {
  it('cleans every field of a dirty licence row', () => {
    expect(normaliseCertificate(licence, { certificateTypes: TYPES, today: TODAY })).toEqual({
      cert_type_code: 'scjg-yyzz',
      cert_number: 'YYZZ00000017',
      holder_name: '庐陵商贸有限公司',
      holder_id: '91330106Q5GX3UL924',
      issuer_name: '360802市场监督管理局',
      issuer_code: '113608027EJ8RU0Q6F',
      issued_on: '2020-01-25',
      valid_until: null,
      status: 'valid',
      source_updated_at: '2024-01-01T00:17:00+08:00',
      holder_kind: 'organisation',
      holder_id_type: '001',
    });
  });

  it('does not change its input', () => {
    const input = { ...licence };
    normaliseCertificate(input, { certificateTypes: TYPES });
    expect(input).toEqual(licence);
  });

  it('keeps type codes and certificate numbers verbatim apart from width and surrounding space', () => {
    const out = normaliseCertificate({ cert_type_code: 'scjg-yyzz', cert_number: 'ａｂ-12 3' });
    expect(out.cert_type_code).toBe('scjg-yyzz');
    expect(out.cert_number).toBe('ab-12 3');
  });

  it('collapses inner spaces in names and keeps Chinese punctuation', () => {
    const out = normaliseCertificate({ holder_name: '  《北辰》·江西、  农业\u200b发展有限公司 ', issuer_name: '市场监督管理局　' });
    expect(out.holder_name).toBe('《北辰》·江西、 农业发展有限公司');
    expect(out.issuer_name).toBe('市场监督管理局');
  });

  it('treats empty strings as missing', () => {
    const out = normaliseCertificate({ cert_number: '', holder_name: '   ', issued_on: '', status: '　', source_updated_at: '' });
    expect(out).not.toHaveProperty('cert_number');
    expect(out).not.toHaveProperty('holder_name');
    expect(out).not.toHaveProperty('issued_on');
    expect(out).not.toHaveProperty('status');
    expect(out).not.toHaveProperty('source_updated_at');
  });

  it('stores a missing or empty valid_until as null (no end date)', () => {
    expect(normaliseCertificate({}).valid_until).toBeNull();
    expect(normaliseCertificate({ valid_until: '' }).valid_until).toBeNull();
    expect(normaliseCertificate({ valid_until: '9999-12-31' }).valid_until).toBeNull();
    expect(normaliseCertificate({ valid_until: '2041/9/11' }).valid_until).toBe('2041-09-11');
  });

  it('leaves values it cannot normalise as found', () => {
    const out = normaliseCertificate({ issued_on: '2021-02-30', valid_until: '下个月', status: '作废?', source_updated_at: 'soon' });
    expect(out).toMatchObject({ issued_on: '2021-02-30', valid_until: '下个月', status: '作废?', source_updated_at: 'soon' });
  });

  it('applies the pipeline status_map before the standard table', () => {
    expect(normaliseCertificate({ status: '99' }, { statusMap: { '99': 'cancelled' } }).status).toBe('cancelled');
    expect(normaliseCertificate({ status: '99' }).status).toBe('99');
    expect(normaliseCertificate({ status: 3 }).status).toBe('revoked');
  });

  it('converts whole numbers from JSON sources to text', () => {
    expect(normaliseCertificate({ cert_number: 20240001 }).cert_number).toBe('20240001');
    expect(normaliseCertificate({ issued_on: 44259 }).issued_on).toBe('2021-03-04');
  });

  describe('holder identity', () => {
    it('takes the kind from the certificate type, and 111 from the kind; converts 15-digit ids', () => {
      const out = normaliseCertificate({ cert_type_code: 'rs-zyzg', holder_id: '230301880319400' }, { certificateTypes: TYPES, today: TODAY });
      expect(out).toMatchObject({ holder_kind: 'person', holder_id_type: '111', holder_id: '230301198803194008' });
    });

    it('keeps a kind the record gives over the type', () => {
      const out = normaliseCertificate({ cert_type_code: 'rs-zyzg', holder_kind: 'organisation', holder_id: '11220000013544541J' }, { certificateTypes: TYPES });
      expect(out).toMatchObject({ holder_kind: 'organisation', holder_id_type: '001' });
    });

    it('gives 001 for organisations', () => {
      expect(normaliseCertificate({ holder_kind: 'organisation', holder_id: '91230501B DDEUP1M2T' })).toMatchObject({
        holder_id_type: '001',
        holder_id: '91230501BDDEUP1M2T',
      });
    });

    it('with no kind and no type, decides by the check the holder id passes', () => {
      expect(normaliseCertificate({ holder_id: '913101044pl02pg696' })).toMatchObject({ holder_kind: 'organisation', holder_id_type: '001', holder_id: '913101044PL02PG696' });
      expect(normaliseCertificate({ holder_id: '23050119811119493x' }, { today: TODAY })).toMatchObject({ holder_kind: 'person', holder_id_type: '111', holder_id: '23050119811119493X' });
      expect(normaliseCertificate({ holder_id: '360802720813966' }, { today: TODAY })).toMatchObject({ holder_id_type: '111', holder_id: '36080219720813966X' });
    });

    it('leaves kind and type unset when the holder id passes no check', () => {
      const out = normaliseCertificate({ holder_id: '91230501K2CCKEG800' });
      expect(out).not.toHaveProperty('holder_kind');
      expect(out).not.toHaveProperty('holder_id_type');
      expect(out.holder_id).toBe('91230501K2CCKEG800');
    });

    it('takes the kind from a known type, and pads types YAML or spreadsheets shortened', () => {
      expect(normaliseCertificate({ holder_id_type: '414', holder_id: ' e1234 5678 ' })).toMatchObject({ holder_kind: 'person', holder_id: 'E1234 5678' });
      expect(normaliseCertificate({ holder_id_type: 1, holder_id: '11220000013544541J' })).toMatchObject({ holder_id_type: '001', holder_kind: 'organisation' });
      expect(normaliseCertificate({ holder_id_type: '99', holder_id: 'X' }).holder_id_type).toBe('099');
    });

    it('cleans 999 ids that carry a resident-id check like resident ids', () => {
      expect(normaliseCertificate({ holder_id_type: '999', holder_id: ' 9326 8219 8501 0100 17 ' }).holder_id).toBe('932682198501010017');
    });

    it('reads Chinese kind words', () => {
      expect(normaliseCertificate({ holder_kind: '自然人', holder_id: '11010519491231002X' }).holder_kind).toBe('person');
      expect(normaliseCertificate({ holder_kind: '法人', holder_id: '11220000013544541J' }).holder_kind).toBe('organisation');
    });
  });
});
