import { describe, expect, it } from 'vitest';
import { checkPurpose } from '../../lookups/purpose.ts';

const HINT = 'give one';

describe('purpose text', () => {
  it.each([
    ['为 11010519491231002X 办理', '为 110105********002X 办理'],
    ['为11010519491231002x办理', '为110105********002x办理'],
    ['为 110105 19491231 002X 办理', '为 110105**********002X 办理'],
    ['为 １１０１０５１９４９１２３１００２Ｘ 办理', '为 110105********002X 办理'],
    ['旧证 110105491231002 核对', '旧证 110105*****1002 核对'],
    ['企业 91440305EC8XLNH73M 年报', '企业 914403********H73M 年报'],
    ['企业 9144 0305 EC8X LNH7 3M 年报', '企业 9144 0************7 3M 年报'],
  ])('masks identity numbers in %s', (given, stored) => {
    expect(checkPurpose(given, HINT)).toEqual({ text: stored, masked: true });
  });

  it('keeps a purpose without identity numbers as given (trimmed)', () => {
    expect(checkPurpose('  食品经营许可受理 2026年第12号 ', HINT)).toEqual({ text: '食品经营许可受理 2026年第12号', masked: false });
  });

  it.each([
    ['a right-to-left override', '办理\u202Eabc'],
    ['a left-to-right mark', 'a\u200Eb'],
    ['an Arabic letter mark', 'a\u061Cb'],
    ['a first strong isolate', 'a\u2068b\u2069'],
  ])('refuses a purpose holding %s', (_name, given) => {
    expect(() => checkPurpose(given, HINT)).toThrow(/bidirectional control characters/);
  });

  it('refuses text that lost bytes on the way (U+FFFD)', () => {
    expect(() => checkPurpose('办\uFFFD理', HINT)).toThrow(/not UTF-8/);
  });
});
