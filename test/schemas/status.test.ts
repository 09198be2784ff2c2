import { describe, expect, it } from 'vitest';
import { normaliseStatus } from '../../schemas/normalise/status.ts';
import type { CertStatus } from '../../schemas/types.ts';

describe('normaliseStatus (standard table)', () => {
  it.each<[unknown, CertStatus]>([
    ['01', 'valid'],
    ['有效', 'valid'],
    ['正常', 'valid'],
    ['在用', 'valid'],
    ['02', 'suspended'],
    ['暂扣', 'suspended'],
    ['中止', 'suspended'],
    ['03', 'revoked'],
    ['07', 'revoked'],
    ['撤销', 'revoked'],
    ['吊销', 'revoked'],
    ['04', 'cancelled'],
    ['06', 'cancelled'],
    ['注销', 'cancelled'],
    ['废止', 'cancelled'],
    ['办理转出', 'cancelled'],
    ['05', 'expired'],
    ['失效', 'expired'],
    ['过期', 'expired'],
    ['valid', 'valid'],
    ['Revoked', 'revoked'],
    [' 有效 ', 'valid'],
    ['　注销', 'cancelled'],
    ['０１', 'valid'],
    ['1', 'valid'],
    [1, 'valid'],
    [3, 'revoked'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseStatus(input)).toBe(expected);
  });

  it.each<unknown>(['99', '其他', '未知', '作废?', '待定', '', null, undefined, 99, true])('%s is not in the list', (input) => {
    expect(normaliseStatus(input)).toBeUndefined();
  });
});

describe('normaliseStatus with a pipeline status_map', () => {
  const statusMap: Record<string, CertStatus> = { '99': 'cancelled', 作废: 'revoked', 有效: 'suspended', ' 迁出 ': 'cancelled' };

  it('adds wording the table does not know', () => {
    expect(normaliseStatus('99', statusMap)).toBe('cancelled');
    expect(normaliseStatus(99, statusMap)).toBe('cancelled');
    expect(normaliseStatus('作废', statusMap)).toBe('revoked');
  });

  it('takes precedence over the table', () => {
    expect(normaliseStatus('有效', statusMap)).toBe('suspended');
    expect(normaliseStatus('注销', statusMap)).toBe('cancelled');
  });

  it('matches keys written with stray spaces', () => {
    expect(normaliseStatus('迁出', statusMap)).toBe('cancelled');
  });
});
