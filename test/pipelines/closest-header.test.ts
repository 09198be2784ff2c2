import { expect, it } from 'vitest';
import { closestHeader } from '../../pipelines/closest-header.ts';

const HEADERS = ['证书编号', '姓名', '身份证号', '作业类别', '发证机关', '发证日期（yyyy-mm-dd）', '有效期至', '证书状态'];

it.each([
  ['发证日期', '发证日期（yyyy-mm-dd）'],
  ['发证日期(yyyy-mm-dd)', '发证日期（yyyy-mm-dd）'],
  ['证照编号', '证书编号'],
  ['身份证号码', '身份证号'],
  ['状态', '证书状态'],
  ['姓 名', '姓名'],
  ['更新时间', undefined],
  ['统一社会信用代码', undefined],
])('%s → %s', (wanted, expected) => {
  expect(closestHeader(wanted, HEADERS)).toBe(expected);
});
