import { describe, expect, it } from 'vitest';
import { cleanCode, cleanName, cleanText, toHalfWidth } from '../../schemas/normalise/text.ts';

describe('text normalisers', () => {
  it('turns full-width ASCII and the ideographic space half-width', () => {
    expect(toHalfWidth('ＡＢＣ１２３　ｘ')).toBe('ABC123 x');
  });

  it('cleans names: full-width letters and digits, spaces collapsed, Chinese punctuation kept', () => {
    expect(cleanName('　庐陵商贸有限公司  ')).toBe('庐陵商贸有限公司');
    expect(cleanName('北京　ＡＢＣ  科技有限公司（第１分公司）')).toBe('北京 ABC 科技有限公司（第1分公司）');
    expect(cleanName('张\u200B三')).toBe('张三');
  });

  it('removes bidirectional controls, which reorder how a name is shown: a name must read as stored', () => {
    expect(cleanName('\u202E司公限有贸商\u202C')).toBe('司公限有贸商');
    expect(cleanName('张\u200F三\u2066李\u2069')).toBe('张三李');
    expect(cleanText('\u202AYYZZ1\u061C')).toBe('YYZZ1');
    expect(cleanCode('9131\u200E0104')).toBe('91310104');
  });

  it('cleans codes: no spaces or hyphens, upper-case', () => {
    expect(cleanCode(' ９１２３０５０１Ｂ ＤＤＥＵＰ１Ｍ２Ｔ ')).toBe('91230501BDDEUP1M2T');
    expect(cleanCode('1234567-x')).toBe('1234567X');
  });

  it('keeps inner spacing of free text', () => {
    expect(cleanText('\uFEFF 住所：A  区 ')).toBe('住所:A  区');
  });
});
