import { describe, expect, it } from 'vitest';
import { normaliseMatter, normaliseRequired } from '../../schemas/normalise/matter.ts';

describe('normaliseMatter', () => {
  it('cleans codes, names and materials', () => {
    const out = normaliseMatter({
      matter_code: ' 113608230h6nlnhd6p4360117002000 ',
      local_code: ' jx-001 ',
      name: ' 食品经营  许可 ',
      matter_type: '行政许可',
      handling_type: '承诺件',
      dept_code: '113608230H6NLNHD6P',
      division_code: '吉安市峡江县',
      materials: [
        { material_code: ' M01 ', name: '营业执照', required: '是', accepted_cert_types: 'scjg-yyzz, rs-zyzg、scjg-yyzz' },
        { material_code: 'M02', name: '申请书', required: '否', form: '', source_channel: ' 申请人自备 ' },
      ],
    });
    expect(out).toEqual({
      matter_code: '113608230H6NLNHD6P4360117002000',
      local_code: 'jx-001',
      name: '食品经营 许可',
      matter_type: '01',
      handling_type: '2',
      dept_code: '113608230H6NLNHD6P',
      division_code: '360823',
      materials: [
        { material_code: 'M01', name: '营业执照', required: true, accepted_cert_types: ['scjg-yyzz', 'rs-zyzg'] },
        { material_code: 'M02', name: '申请书', required: false, source_channel: '申请人自备', accepted_cert_types: [] },
      ],
    });
  });

  it('gives an empty materials list when there is none, and pads one-digit matter types', () => {
    expect(normaliseMatter({ matter_type: '7' })).toEqual({ matter_type: '07', materials: [] });
    expect(normaliseMatter({ matter_type: 20 })).toEqual({ matter_type: '20', materials: [] });
  });

  it('leaves values it cannot normalise as found', () => {
    const out = normaliseMatter({ matter_type: '行政审批', division_code: '火星市', materials: [{ required: '也许' }, 'M03'] });
    expect(out).toEqual({ matter_type: '行政审批', division_code: '火星市', materials: [{ required: '也许', accepted_cert_types: [] }, 'M03'] });
  });
});

describe('normaliseRequired', () => {
  it.each<[unknown, unknown]>([
    ['是', true],
    ['否', false],
    ['true', true],
    ['FALSE', false],
    ['1', true],
    ['0', false],
    [1, true],
    [0, false],
    [true, true],
    [false, false],
    [' 是 ', true],
    ['', undefined],
    ['maybe', 'maybe'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseRequired(input)).toBe(expected);
  });
});
