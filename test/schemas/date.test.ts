import { describe, expect, it } from 'vitest';
import { isIsoDate, isIsoTimestamp, isLongTerm, normaliseDate, normaliseTimestamp, normaliseValidUntil } from '../../schemas/normalise/date.ts';

describe('normaliseDate', () => {
  it.each<[unknown, string]>([
    ['2021-03-04', '2021-03-04'],
    ['2021/3/4', '2021-03-04'],
    ['2021/03/04', '2021-03-04'],
    ['2021.03.04', '2021-03-04'],
    ['2021.3.4', '2021-03-04'],
    ['2021-3-4', '2021-03-04'],
    ['2021年3月4日', '2021-03-04'],
    ['2021年03月04日', '2021-03-04'],
    ['2021 年 3 月 4 日', '2021-03-04'],
    ['20210304', '2021-03-04'],
    [20210304, '2021-03-04'],
    [' ２０２１－０３－０４ ', '2021-03-04'],
    ['44259', '2021-03-04'],
    [44259, '2021-03-04'],
    [44259.75, '2021-03-04'],
    ['1', '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    ['2021-03-04 10:30', '2021-03-04'],
    ['2021-03-04 23:59:59', '2021-03-04'],
    ['2021-03-04T10:30:00+08:00', '2021-03-04'],
    ['2021-03-03T16:00:00Z', '2021-03-04'],
    ['2021-03-03T16:00:00.000Z', '2021-03-04'],
    ['2021-03-04T15:59:59Z', '2021-03-04'],
    ['2021-03-04T16:00:00Z', '2021-03-05'],
    ['2021-03-04T01:00:00-05:00', '2021-03-04'],
    ['2021-03-04T12:00:00+0800', '2021-03-04'],
    [new Date('2021-03-03T16:00:00Z'), '2021-03-04'],
    [new Date(Date.UTC(2021, 2, 4)), '2021-03-04'],
    [1614787200000, '2021-03-04'],
    ['2020-02-29', '2020-02-29'],
    ['9999-12-31', '9999-12-31'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });

  it.each<unknown>([
    '2021-02-30',
    '2021/2/30',
    '2021年2月30日',
    '20210230',
    '2019-02-29',
    '1900-02-29',
    60,
    '60',
    '2021-13-01',
    '2021-00-10',
    '2021-03-00',
    '2021-03-04 24:00',
    '2021-03-04T10:61:00+08:00',
    '2021-03-04+08:00',
    '2021/03-04',
    '21-03-04',
    '0',
    0,
    -5,
    '1799-12-31',
    '长期',
    'yesterday',
    '',
    null,
    undefined,
    true,
    {},
    new Date('nonsense'),
  ])('%s is unparseable', (input) => {
    expect(normaliseDate(input)).toBeUndefined();
  });
});

describe('normaliseValidUntil', () => {
  it.each<[unknown, string | null]>([
    ['长期', null],
    ['永久', null],
    ['长期有效', null],
    [' 长期 ', null],
    ['9999-12-31', null],
    ['9999/12/31', null],
    ['99991231', null],
    [null, null],
    ['2041-09-11', '2041-09-11'],
    ['2041年9月11日', '2041-09-11'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseValidUntil(input)).toBe(expected);
  });

  it('reports impossible dates as unparseable rather than long-term', () => {
    expect(normaliseValidUntil('2021-02-30')).toBeUndefined();
    expect(isLongTerm('2021-02-30')).toBe(false);
  });
});

describe('normaliseTimestamp', () => {
  it.each<[unknown, string]>([
    ['2024-01-01 00:06:00', '2024-01-01T00:06:00+08:00'],
    ['2024-03-01T00:00:00', '2024-03-01T00:00:00+08:00'],
    ['2024/3/1 8:05', '2024-03-01T08:05:00+08:00'],
    ['2024-03-01T00:00:00Z', '2024-03-01T08:00:00+08:00'],
    ['2024-02-29T20:00:00-05:00', '2024-03-01T09:00:00+08:00'],
    ['2024-03-01T00:00:00.250+08:00', '2024-03-01T00:00:00.250+08:00'],
    ['2024-03-01', '2024-03-01T00:00:00+08:00'],
    ['20240301', '2024-03-01T00:00:00+08:00'],
    [45352.5, '2024-03-01T12:00:00+08:00'],
    [new Date('2024-03-01T00:00:00Z'), '2024-03-01T08:00:00+08:00'],
    [1709251200, '2024-03-01T08:00:00+08:00'],
    [1709251200000, '2024-03-01T08:00:00+08:00'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseTimestamp(input)).toBe(expected);
  });

  it('uses the summer-time offset China had until 1991', () => {
    expect(normaliseTimestamp('1988-07-01 12:00:00')).toBe('1988-07-01T12:00:00+09:00');
    expect(normaliseTimestamp('1988-07-01T03:00:00Z')).toBe('1988-07-01T12:00:00+09:00');
    expect(normaliseTimestamp('1988-12-01 12:00:00')).toBe('1988-12-01T12:00:00+08:00');
  });

  it.each<unknown>(['2024-02-30 10:00:00', '2024-03-01 25:00', 'soon', '', null])('%s is unparseable', (input) => {
    expect(normaliseTimestamp(input)).toBeUndefined();
  });

  it('produces what the stored-timestamp check accepts', () => {
    expect(isIsoTimestamp(normaliseTimestamp('2024-01-01 00:06:00'))).toBe(true);
    expect(isIsoTimestamp('2024-01-01 00:06:00')).toBe(false);
    expect(isIsoTimestamp('2024-02-30T00:00:00+08:00')).toBe(false);
  });
});

describe('isIsoDate', () => {
  it('accepts only YYYY-MM-DD on a real day', () => {
    expect(isIsoDate('2021-03-04')).toBe(true);
    expect(isIsoDate('2021-3-4')).toBe(false);
    expect(isIsoDate('2021-02-30')).toBe(false);
    expect(isIsoDate(20210304)).toBe(false);
  });
});
