import { describe, expect, it } from 'vitest';
import { classifyId } from '../../schemas/formats/classify-id.ts';
import { checkDivisionCode, divisionCandidates, divisionCodeByName } from '../../schemas/formats/division-code.ts';
import { checkOrgCode, orgCodeCheck } from '../../schemas/formats/org-code.ts';
import { checkResidentId, residentIdCheck } from '../../schemas/formats/resident-id.ts';
import { USCC_CHARSET, checkUscc, usccCheck } from '../../schemas/formats/uscc.ts';
import { digits, pick, seededRandom } from './seeded-random.ts';

const TODAY = new Date('2026-11-23T00:00:00+08:00');

/** A resident id with a correct check digit, so that only the rule under test can fail. */
const withCheck = (first17: string): string => first17 + residentIdCheck(first17);
const withUsccCheck = (first17: string): string => first17 + usccCheck(first17);

describe('统一社会信用代码 (GB 32100)', () => {
  it.each([
    ['11220000013544541J', true, undefined],
    [' 1122 0000-0135 4454 1j ', true, undefined],
    ['１１２２０００００１３５４４５４１Ｊ', true, undefined],
    ['11220000013544541', false, 'length'],
    ['11220000013544541JJ', false, 'length'],
    ['1122000001354454IJ', false, 'charset'],
    ['11220000O13544541J', false, 'charset'],
    ['11220000013544541Z', false, 'charset'],
    ['11220000013544541K', false, 'checksum'],
    ['21220000013544541J', false, 'checksum'],
    [withUsccCheck('11A2000001354454'.padEnd(17, '1')), false, 'format'],
  ])('%s → valid %s (%s)', (value, valid, reason) => {
    const r = checkUscc(value);
    expect(r.valid).toBe(valid);
    expect(r.reason).toBe(reason);
    expect(r.kind).toBe('uscc');
  });

  it('normalises to half-width upper case without spaces or hyphens', () => {
    expect(checkUscc(' 1122 0000-0135 4454 1j ').normalised).toBe('11220000013544541J');
  });

  it('warns about unknown categories and a failing embedded organisation code, but accepts them', () => {
    const odd = withUsccCheck('Y9360823000000010');
    const r = checkUscc(odd);
    expect(r.valid).toBe(true);
    expect(r.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('unknown organisation category'), 'embedded organisation code fails its own check']),
    );
    expect(checkUscc('11220000013544541J').warnings).toBeUndefined();
  });

  it('every random valid code passes, and every single-character substitution fails', () => {
    const rand = seededRandom(20261123);
    const authorities = ['1', '5', '9', 'A', 'N', 'Y'];
    const provinces = ['11', '31', '36', '44', '51', '65'];
    let substitutions = 0;
    for (let n = 0; n < 200; n++) {
      let body = pick(rand, authorities) + pick(rand, ['1', '2', '3', '9']) + pick(rand, provinces) + digits(rand, 4);
      for (let i = 0; i < 9; i++) body += pick(rand, [...USCC_CHARSET]);
      const code = body + usccCheck(body);
      expect(checkUscc(code).valid, code).toBe(true);
      for (let pos = 0; pos < 18; pos++) {
        for (const ch of USCC_CHARSET) {
          if (ch === code[pos]) continue;
          const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
          substitutions++;
          if (checkUscc(mutated).valid) throw new Error(`${mutated} (from ${code}, position ${pos + 1}) should fail`);
        }
      }
    }
    expect(substitutions).toBe(200 * 18 * 30);
  });
});

describe('组织机构代码 (GB 11714)', () => {
  it.each([
    ['013544541', true, undefined],
    ['01354454-1', true, undefined],
    [`D1026700${orgCodeCheck('D1026700')}`, true, undefined],
    ['01354454', false, 'length'],
    ['0135445?1', false, 'charset'],
    ['013544542', false, 'checksum'],
  ])('%s → valid %s (%s)', (value, valid, reason) => {
    const r = checkOrgCode(value);
    expect(r.valid).toBe(valid);
    expect(r.reason).toBe(reason);
  });

  it('maps a check value of 10 to X and 11 to 0', () => {
    const rand = seededRandom(7);
    const seen = new Set<string>();
    for (let i = 0; i < 2000 && seen.size < 11; i++) seen.add(orgCodeCheck(digits(rand, 8)));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });
});

describe('公民身份号码 (GB 11643)', () => {
  it.each([
    ['11010519491231002X', true, undefined],
    ['11010519491231002x', true, undefined],
    ['440524188001010014', true, undefined],
    ['932682198501010017', true, undefined],
    [withCheck('81000019900101123'), true, undefined],
    ['1101051949123100', false, 'length'],
    ['1101051949123100211', false, 'length'],
    ['11010519491231002A', false, 'charset'],
    ['110105194912X10021', false, 'charset'],
    ['11010519491231002', false, 'length'],
    ['110105194912310021', false, 'checksum'],
    [withCheck('11010519490230002'), false, 'date'],
    [withCheck('11010517991231002'), false, 'date'],
    [withCheck('11010529991231002'), false, 'date'],
    [withCheck('00010519491231002'), false, 'division'],
    [withCheck('99010519491231002'), false, 'division'],
    [withCheck('90010519491231002'), false, 'division'],
  ])('%s → valid %s (%s)', (value, valid, reason) => {
    const r = checkResidentId(value, TODAY);
    expect(r.valid).toBe(valid);
    expect(r.reason).toBe(reason);
  });

  it.each([
    ['230301880319400', '230301198803194008'],
    ['360802720813966', '36080219720813966X'],
    ['110105771030015', '110105197710300150'],
  ])('converts the legacy 15-digit %s to %s', (fifteen, eighteen) => {
    const r = checkResidentId(fifteen, TODAY);
    expect(r).toMatchObject({ valid: true, normalised: eighteen });
  });

  it('rejects a 15-digit number with a letter', () => {
    expect(checkResidentId('23030188031940A', TODAY).reason).toBe('charset');
  });

  it('every random valid number passes, and every single-digit substitution in the body fails', () => {
    const rand = seededRandom(11643);
    const provinces = ['11', '23', '31', '33', '36', '44', '51', '65', '81', '82', '83'];
    for (let n = 0; n < 300; n++) {
      const birth = new Date(Date.UTC(1900 + Math.floor(rand() * 120), Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)));
      const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
      const id = withCheck(pick(rand, provinces) + digits(rand, 4) + ymd + digits(rand, 3));
      expect(checkResidentId(id, TODAY).valid, id).toBe(true);
      for (let pos = 0; pos < 18; pos++) {
        for (const ch of '0123456789X') {
          if (ch === id[pos] || (ch === 'X' && pos < 17)) continue;
          const mutated = id.slice(0, pos) + ch + id.slice(pos + 1);
          if (checkResidentId(mutated, TODAY).valid) throw new Error(`${mutated} (from ${id}, position ${pos + 1}) should fail`);
        }
      }
    }
  });
});

describe('行政区划代码 (GB/T 2260)', () => {
  it.each([
    ['360823', true, undefined],
    ['360823100', true, undefined],
    ['110105', true, undefined],
    ['3608', false, 'length'],
    ['36082X', false, 'charset'],
    ['990000', false, 'division'],
    ['369999', false, 'division'],
  ])('%s → valid %s (%s)', (value, valid, reason) => {
    const r = checkDivisionCode(value);
    expect(r.valid).toBe(valid);
    expect(r.reason).toBe(reason);
  });

  it.each([
    ['吉安市峡江县', '360823'],
    ['江西省吉安市峡江县', '360823'],
    [' 峡江县 ', '360823'],
    ['北京市朝阳区', '110105'],
    // A city shares its name with its 市辖区 entry (330501), which is no place anyone names.
    ['湖州市', '330500'],
    ['杭州市', '330100'],
    ['吉安市', '360800'],
    ['浙江省湖州市', '330500'],
    ['北京市', '110000'],
  ])('name %s → %s', (name, code) => {
    expect(divisionCodeByName(name)).toBe(code);
  });

  it('gives no code for unknown or ambiguous names', () => {
    expect(divisionCodeByName('不存在县')).toBeUndefined();
    expect(divisionCodeByName('朝阳区')).toBeUndefined();
  });

  it('lists every division an ambiguous name could mean', () => {
    expect(divisionCandidates('朝阳区')).toEqual([
      { code: '110105', name: '北京市朝阳区' },
      { code: '220104', name: '吉林省长春市朝阳区' },
    ]);
    expect(divisionCandidates('鼓楼区').map((c) => c.code)).toEqual(['320106', '320302', '350102', '410204']);
    expect(divisionCandidates('湖州市')).toEqual([{ code: '330500', name: '浙江省湖州市' }]);
  });
});

describe('classifyId', () => {
  it.each([
    ['11220000013544541J', 'uscc', true],
    ['11010519491231002X', 'resident-id', true],
    ['230301880319400', 'resident-id', true],
    ['013544541', 'org-code', true],
    ['11220000013544541K', 'uscc', false],
    ['12345', 'unknown', false],
  ])('%s is a %s (valid %s)', (value, kind, valid) => {
    expect(classifyId(value, TODAY)).toMatchObject({ kind, valid });
  });
});
