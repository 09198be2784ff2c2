import { describe, expect, it } from 'vitest';
import { residentIdCheck } from '../../schemas/formats/resident-id.ts';
import { usccCheck } from '../../schemas/formats/uscc.ts';
import { normaliseCertificate } from '../../schemas/normalise/certificate.ts';
import type { CertificateType } from '../../schemas/types.ts';
import { validateCertificate, validateMatter } from '../../schemas/validate-record.ts';

const TODAY = new Date('2026-11-23T00:00:00+08:00');
const TYPES: CertificateType[] = [
  { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' },
  { code: 'rs-zyzg', name: '专业技术人员职业资格证书', holder_kind: 'person' },
];

const GOOD = {
  cert_type_code: 'scjg-yyzz',
  cert_number: 'YYZZ00000001',
  issuer_code: '11220000013544541J',
  issuer_name: '市场监督管理局',
  holder_kind: 'organisation',
  holder_id_type: '001',
  holder_id: '91330106Q5GX3UL924',
  holder_name: '庐陵建材有限公司',
  issued_on: '2020-05-10',
  valid_until: '2040-05-09',
  status: 'valid',
  source_updated_at: '2024-01-01T00:01:00+08:00',
};

const BAD_CHECK_USCC = '91330106Q5GX3UL925';

function check(overrides: Record<string, unknown>, options: Parameters<typeof validateCertificate>[1] = {}) {
  return validateCertificate({ ...GOOD, ...overrides }, { today: TODAY, certificateTypes: TYPES, ...options });
}

describe('validateCertificate', () => {
  it('accepts a good record and returns it typed, without warnings', () => {
    const r = check({});
    expect(r).toEqual({ ok: true, record: GOOD, warnings: [] });
  });

  it.each([
    'cert_type_code',
    'cert_number',
    'issuer_code',
    'holder_id',
    'holder_name',
    'issued_on',
    'status',
    'holder_kind',
    'holder_id_type',
  ])('requires %s', (field) => {
    for (const empty of [undefined, null, '', '  ']) {
      const r = check({ [field]: empty });
      expect(r).toMatchObject({ ok: false, reason: 'missing_field', path: `/${field}` });
    }
  });

  it('names the field in Chinese and English in its messages', () => {
    expect(check({ cert_number: '' })).toMatchObject({ message: '证照编号 cert_number: is missing or empty' });
    expect(check({ holder_id: BAD_CHECK_USCC })).toMatchObject({
      reason: 'invalid_identifier',
      path: '/holder_id',
      message: '统一社会信用代码 holder_id: check character should be 4, found 5, unless another character was mistyped (checksum)',
      details: { reason: 'checksum', value: BAD_CHECK_USCC, expected: '4', found: '5' },
    });
  });

  it.each(['3.30502E+17', '3.30502E17', '330502E+12', ' 3.30502e+17 '])('hints that %s is Excel scientific notation', (value) => {
    for (const field of ['holder_id', 'issuer_code']) {
      expect(check({ [field]: value })).toMatchObject({
        reason: 'invalid_identifier',
        path: `/${field}`,
        message: expect.stringContaining('looks like Excel scientific notation: format the column as text before exporting (format)'),
        details: { reason: 'format', hint: 'excel_scientific' },
      });
    }
  });

  it('hints at Excel when an id arrives as a number too long to be exact (an xlsx cell not formatted as text)', () => {
    expect(check({ holder_id: 3.30502e17 })).toMatchObject({ reason: 'invalid_identifier', path: '/holder_id', details: { hint: 'excel_scientific' } });
  });

  it('names the check character a resident id should have', () => {
    const first17 = '33050219920305017';
    expect(check({ holder_kind: 'person', holder_id_type: '111', holder_id: `${first17}3` }, { certificateTypes: [] })).toMatchObject({
      reason: 'invalid_identifier',
      message: `公民身份号码 holder_id: check character should be ${residentIdCheck(first17)}, found 3, unless another character was mistyped (checksum)`,
      details: { reason: 'checksum', expected: residentIdCheck(first17), found: '3' },
    });
  });

  it('with requireValidUntil, an empty valid_until is missing_field while 长期 (null) is long-term', () => {
    const normalise = (valid_until: unknown) => normaliseCertificate({ ...GOOD, valid_until }, { requireValidUntil: true, today: TODAY });
    for (const empty of ['', '  ', undefined]) {
      expect(validateCertificate(normalise(empty), { today: TODAY, requireValidUntil: true })).toMatchObject({ reason: 'missing_field', path: '/valid_until' });
      expect(validateCertificate(normaliseCertificate({ ...GOOD, valid_until: empty }, { today: TODAY }), { today: TODAY })).toMatchObject({ ok: true, record: { valid_until: null } });
    }
    expect(validateCertificate(normalise('长期'), { today: TODAY, requireValidUntil: true })).toMatchObject({ ok: true, record: { valid_until: null } });
  });

  describe('reports the first rule broken, in the order of the reason codes', () => {
    it('missing_field before invalid_identifier', () => {
      expect(check({ holder_name: '', holder_id: BAD_CHECK_USCC })).toMatchObject({ reason: 'missing_field', path: '/holder_name' });
    });
    it('invalid_identifier before invalid_date and invalid_code', () => {
      expect(check({ holder_id: BAD_CHECK_USCC, status: '未知' })).toMatchObject({ reason: 'invalid_identifier' });
      expect(check({ holder_id: BAD_CHECK_USCC, issued_on: '2021-02-30', status: '未知' })).toMatchObject({ reason: 'invalid_identifier' });
    });
    it('invalid_date before invalid_code', () => {
      expect(check({ issued_on: '2021-02-30', status: '未知' })).toMatchObject({ reason: 'invalid_date', path: '/issued_on' });
    });
    it('invalid_code before invalid_value', () => {
      expect(check({ status: '作废?', extra: 1 })).toMatchObject({ reason: 'invalid_code', path: '/status' });
    });
    it('invalid_value last', () => {
      expect(check({ extra: 1 })).toMatchObject({ reason: 'invalid_value', path: '/extra', details: { keyword: 'additionalProperties' } });
    });
  });

  describe('invalid_identifier', () => {
    it.each([
      ['length', '91330106Q5GX3UL9'],
      ['charset', '91330106O5GX3UL924'],
      ['checksum', BAD_CHECK_USCC],
      ['format', `91AB0106Q5GX3UL92${usccCheck('91AB0106Q5GX3UL92')}`],
    ])('USCC holder id: %s', (reason, holderId) => {
      expect(check({ holder_id: holderId })).toMatchObject({ ok: false, reason: 'invalid_identifier', details: { reason } });
    });

    it.each([
      ['length', '1101051949123100'],
      ['charset', '11010519491231002A'],
      ['checksum', '110105194912310021'],
      ['date', `11010519490230002${residentIdCheck('11010519490230002')}`],
      ['division', `00010519491231002${residentIdCheck('00010519491231002')}`],
    ])('resident id holder: %s', (reason, holderId) => {
      const r = check({ cert_type_code: 'rs-zyzg', holder_kind: 'person', holder_id_type: '111', holder_id: holderId });
      expect(r).toMatchObject({ ok: false, reason: 'invalid_identifier', path: '/holder_id', details: { reason } });
    });

    it('accepts the standards’ own resident ids, including one born in 1880', () => {
      for (const id of ['11010519491231002X', '440524188001010014']) {
        expect(check({ cert_type_code: 'rs-zyzg', holder_kind: 'person', holder_id_type: '111', holder_id: id }).ok).toBe(true);
      }
    });

    it('rejects a birth date after today', () => {
      const id = `11010520270101002${residentIdCheck('11010520270101002')}`;
      expect(check({ cert_type_code: 'rs-zyzg', holder_kind: 'person', holder_id_type: '111', holder_id: id })).toMatchObject({
        details: { reason: 'date' },
      });
    });

    it('checks 999 permanent-resident cards and residence permits, but not other 999 ids', () => {
      const person = { cert_type_code: 'rs-zyzg', holder_kind: 'person', holder_id_type: '999' };
      expect(check({ ...person, holder_id: '932682198501010017' }).ok).toBe(true);
      expect(check({ ...person, holder_id: '932682198501010018' })).toMatchObject({ reason: 'invalid_identifier', details: { reason: 'checksum' } });
      const permit = `81000019900101123${residentIdCheck('81000019900101123')}`;
      expect(check({ ...person, holder_id: permit }).ok).toBe(true);
      const wrongCheck = permit.slice(0, 17) + (permit.endsWith('0') ? '1' : '0');
      expect(check({ ...person, holder_id: wrongCheck })).toMatchObject({ reason: 'invalid_identifier', details: { reason: 'checksum' } });
      expect(check({ ...person, holder_id: 'USA310000000000' }).ok).toBe(true);
    });

    it('does not check ids that have no check digit', () => {
      expect(check({ cert_type_code: 'rs-zyzg', holder_kind: 'person', holder_id_type: '414', holder_id: 'E12345678' }).ok).toBe(true);
    });

    it('checks the issuer code as a USCC', () => {
      expect(check({ issuer_code: '11220000013544541K' })).toMatchObject({ reason: 'invalid_identifier', path: '/issuer_code', details: { reason: 'checksum' } });
    });

    it('rejects identifiers that are not in normal form', () => {
      expect(check({ holder_id: '91330106q5gx3ul924' })).toMatchObject({ reason: 'invalid_identifier', details: { reason: 'format' } });
    });

    it('reports a holder id that passes no check, when kind and type could not be inferred', () => {
      const { holder_kind: _kind, holder_id_type: _type, ...rest } = GOOD;
      const r = validateCertificate({ ...rest, holder_id: '91230501K2CCKEG800' }, { today: TODAY });
      expect(r).toMatchObject({ ok: false, reason: 'invalid_identifier', path: '/holder_id', details: { reason: 'checksum' } });
    });

    it('reports an organisation code given as holder id with no kind or type: it passes neither check', () => {
      const { holder_kind: _kind, holder_id_type: _type, ...rest } = GOOD;
      expect(validateCertificate({ ...rest, holder_id: '013544541' }, { today: TODAY })).toMatchObject({ ok: false, reason: 'invalid_identifier', path: '/holder_id' });
    });

    it('with identifier_check warn, a failing check character loads with a warning', () => {
      const r = check({ holder_id: BAD_CHECK_USCC, issuer_code: '11220000013544541K' }, { identifierCheck: 'warn' });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.warnings.map((w) => w.path)).toEqual(['/holder_id', '/issuer_code']);
      expect(r.warnings[0]!.message).toContain('check character should be 4, found 5');
    });

    it('with identifier_check warn, other identifier problems are still rejected', () => {
      expect(check({ holder_id: '91330106O5GX3UL924' }, { identifierCheck: 'warn' })).toMatchObject({ reason: 'invalid_identifier', details: { reason: 'charset' } });
      expect(check({ holder_id: BAD_CHECK_USCC, extra: true }, { identifierCheck: 'warn' })).toMatchObject({ reason: 'invalid_value', path: '/extra' });
    });

    it('returns USCC category and embedded organisation code problems as warnings', () => {
      const odd = `Y9360823000000010${usccCheck('Y9360823000000010')}`;
      const r = check({ holder_id: odd });
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.warnings.map((w) => w.message)).toEqual([
        '统一社会信用代码 holder_id: unknown organisation category "9" under authority "Y"',
        '统一社会信用代码 holder_id: embedded organisation code fails its own check',
      ]);
    });
  });

  describe('invalid_date', () => {
    it.each([
      ['issued_on', '2021-02-30'],
      ['issued_on', '2021/3/4'],
      ['valid_from', '明天'],
      ['valid_until', 44259],
      ['source_updated_at', '2024-01-01 00:00:00'],
    ])('%s = %s', (field, value) => {
      expect(check({ [field]: value })).toMatchObject({ reason: 'invalid_date', path: `/${field}` });
    });

    it('valid_until before issued_on', () => {
      expect(check({ issued_on: '2007-12-02', valid_until: '2007-11-02' })).toMatchObject({
        reason: 'invalid_date',
        path: '/valid_until',
        message: '有效期截止 valid_until: 2007-11-02 is before 发证日期 issued_on 2007-12-02',
      });
    });

    it('valid_until before valid_from', () => {
      expect(check({ valid_from: '2021-01-01', valid_until: '2020-12-31', issued_on: '2020-01-01' })).toMatchObject({ reason: 'invalid_date' });
    });

    it('accepts valid_until on the issue day and null (long-term)', () => {
      expect(check({ valid_until: GOOD.issued_on }).ok).toBe(true);
      expect(check({ valid_until: null }).ok).toBe(true);
    });
  });

  describe('invalid_code', () => {
    it('a status wording that is not canonical', () => {
      expect(check({ status: '有效' })).toMatchObject({ reason: 'invalid_code', path: '/status' });
    });

    it('a certificate type not in the workspace list', () => {
      expect(check({ cert_type_code: 'wj-xkz' })).toMatchObject({ reason: 'invalid_code', path: '/cert_type_code' });
    });

    it('any type when the list is absent or empty', () => {
      expect(validateCertificate({ ...GOOD, cert_type_code: 'wj-xkz' }, { today: TODAY }).ok).toBe(true);
      expect(validateCertificate({ ...GOOD, cert_type_code: 'wj-xkz' }, { today: TODAY, certificateTypes: [] }).ok).toBe(true);
    });
  });

  describe('invalid_value', () => {
    it.each<[Record<string, unknown>, string]>([
      [{ cert_number: 'x'.repeat(129) }, '/cert_number'],
      [{ holder_kind: 'company' }, '/holder_kind'],
      [{ holder_id_type: '1' }, '/holder_id_type'],
      [{ holder_id_type: '111', holder_id: '11010519491231002X' }, '/holder_id_type'],
      [{ surface: 'text' }, '/surface'],
      [{ cert_identifier: '1.2.3' }, '/cert_identifier'],
      [{ issuer_name: 5 }, '/issuer_name'],
    ])('%o', (overrides, path) => {
      expect(check(overrides)).toMatchObject({ ok: false, reason: 'invalid_value', path });
    });

    it('a holder kind that contradicts the certificate type', () => {
      const r = check({ cert_type_code: 'rs-zyzg' });
      expect(r).toMatchObject({ reason: 'invalid_value', path: '/holder_kind' });
    });

    it('rejects what is not an object', () => {
      expect(validateCertificate([GOOD])).toMatchObject({ ok: false, reason: 'invalid_value', path: '' });
      expect(validateCertificate(null)).toMatchObject({ ok: false, reason: 'invalid_value' });
    });
  });

  it('keeps a valid certificate past its end date as valid: expiry is derived when read', () => {
    const r = check({ issued_on: '2006-07-11', valid_until: '2016-07-08', status: 'valid' });
    expect(r).toMatchObject({ ok: true, record: { status: 'valid', valid_until: '2016-07-08' } });
  });

  it('fills valid_until with null when a record arrives without it', () => {
    const { valid_until: _until, ...rest } = GOOD;
    const r = validateCertificate(rest, { today: TODAY });
    expect(r).toMatchObject({ ok: true, record: { valid_until: null } });
  });

  it('warns, without rejecting, when a certificate identifier has the wrong check character', () => {
    const identifier = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';
    expect(check({ cert_identifier: identifier })).toMatchObject({ ok: true, warnings: [] });
    const r = check({ cert_identifier: identifier.replace(/F$/, 'G') });
    expect(r).toMatchObject({ ok: true, warnings: [{ path: '/cert_identifier' }] });
  });

  it('accepts what normaliseCertificate makes of a dirty row', () => {
    const dirty = { ...GOOD, holder_id: ' 9133 0106 q5gx 3ul9 24', issued_on: '2020年5月10日', valid_until: '长期', status: '正常', source_updated_at: '2024-01-01 00:01:00' };
    const r = validateCertificate(normaliseCertificate(dirty, { today: TODAY, certificateTypes: TYPES }), { today: TODAY, certificateTypes: TYPES });
    expect(r.ok).toBe(true);
  });
});

const MATTER = {
  matter_code: '113608230H6NLNHD6P4360117002000',
  name: '食品经营许可',
  matter_type: '01',
  dept_code: '113608230H6NLNHD6P',
  division_code: '360823',
  materials: [
    { material_code: 'M01', name: '营业执照', required: true, accepted_cert_types: ['scjg-yyzz'] },
    { material_code: 'M02', name: '食品经营许可申请书', required: true, accepted_cert_types: [] },
  ],
};

function checkMatter(overrides: Record<string, unknown>, options: Parameters<typeof validateMatter>[1] = {}) {
  return validateMatter({ ...MATTER, ...overrides }, { today: TODAY, certificateTypes: TYPES, ...options });
}

describe('validateMatter', () => {
  it('accepts a good matter', () => {
    expect(checkMatter({})).toEqual({ ok: true, record: MATTER, warnings: [] });
  });

  it.each(['matter_code', 'name', 'matter_type', 'dept_code', 'division_code'])('requires %s', (field) => {
    expect(checkMatter({ [field]: '' })).toMatchObject({ reason: 'missing_field', path: `/${field}` });
  });

  it('requires the fields of each material, naming the material', () => {
    const materials = [MATTER.materials[0], { material_code: 'M02', required: false }];
    expect(checkMatter({ materials })).toMatchObject({ reason: 'missing_field', path: '/materials/1/name', message: '材料名称 materials[1].name: is missing or empty' });
  });

  it('checks the department code as a USCC', () => {
    expect(checkMatter({ dept_code: '113608230H6NLNHD6Q' })).toMatchObject({ reason: 'invalid_identifier', path: '/dept_code', details: { reason: 'checksum' } });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ matter_type: '99' }, '/matter_type'],
    [{ division_code: '369999' }, '/division_code'],
    [{ division_code: '火星市' }, '/division_code'],
    [{ materials: [{ material_code: 'M01', name: 'x', required: true, accepted_cert_types: ['wj-xkz'] }] }, '/materials/0/accepted_cert_types/0'],
  ])('invalid_code: %o', (overrides, path) => {
    expect(checkMatter(overrides)).toMatchObject({ reason: 'invalid_code', path });
  });

  it('lists the candidates of a division name that names several divisions', () => {
    expect(checkMatter({ division_code: '朝阳区' })).toMatchObject({
      reason: 'invalid_code',
      path: '/division_code',
      message: '行政区划代码 division_code: 朝阳区 names 2 divisions: 北京市朝阳区 (110105), 吉林省长春市朝阳区 (220104); write the code, or the name with its province and city',
      details: { reason: 'ambiguous', candidates: [{ code: '110105' }, { code: '220104' }] },
    });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ matter_code: '1136' }, '/matter_code'],
    [{ handling_type: '3' }, '/handling_type'],
    [{ materials: [{ material_code: 'M01', name: 'x', required: '是', accepted_cert_types: [] }] }, '/materials/0/required'],
    [{ materials: 'M01' }, '/materials'],
  ])('invalid_value: %o', (overrides, path) => {
    expect(checkMatter(overrides)).toMatchObject({ reason: 'invalid_value', path });
  });

  it('fills materials with an empty list when absent', () => {
    const { materials: _m, ...rest } = MATTER;
    expect(validateMatter(rest)).toMatchObject({ ok: true, record: { materials: [] } });
  });
});
