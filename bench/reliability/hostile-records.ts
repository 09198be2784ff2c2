import iconv from 'iconv-lite';
import { residentIdCheck } from '../../schemas/formats/resident-id.ts';
import { usccCheck } from '../../schemas/formats/uscc.ts';
import type { QuarantineReason } from '../../schemas/types.ts';

/** The columns of the hostile licence file, as a department names them. */
export const HOSTILE_COLUMNS = ['证照编号', '证照类型', '主体类别', '企业名称', '统一社会信用代码', '发证日期', '有效期至', '状态', '经营范围'] as const;
export type HostileRow = Record<(typeof HOSTILE_COLUMNS)[number], string>;

/** What the hub must make of one hostile line: loaded (and stored as `stored` says), or quarantined for `reason`. */
export interface HostileKind {
  name: string;
  expect: 'loaded' | QuarantineReason;
  /** The row, from a clean one numbered `n`. */
  row?: (clean: HostileRow, n: number) => HostileRow;
  /** A line written as bytes instead of a row (a line in another encoding, a short line). */
  bytes?: (clean: HostileRow, n: number) => Buffer;
  /** For a loaded record: the stored name and surface it must have, when they differ from the row. */
  stored?: (row: HostileRow) => { holder_name?: string; surface?: Record<string, string> };
  /** Written once per file, however many records it holds (a 5 MB field). */
  once?: boolean;
}

export function uscc(n: number): string {
  const first17 = `91310104${String(n).padStart(9, '0')}`;
  return first17 + usccCheck(first17);
}

function residentId(birth: string, n: number): string {
  const first17 = `110105${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheck(first17);
}

export function cleanRow(n: number): HostileRow {
  return {
    证照编号: `HX${String(n).padStart(8, '0')}`,
    证照类型: 'scjg-yyzz',
    主体类别: 'organisation',
    企业名称: `恒信${n}商贸有限公司`,
    统一社会信用代码: uscc(n),
    发证日期: '2020-01-02',
    有效期至: '长期',
    状态: '有效',
    经营范围: '批发零售',
  };
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Formula starts a spreadsheet would run (OWASP CSV injection). */
export const FORMULAS = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(1)', '=HYPERLINK("http://x.example","点我")'];

export const HOSTILE_KINDS: HostileKind[] = [
  { name: 'clean', expect: 'loaded' },
  { name: 'NUL in a name', expect: 'parse_error', row: (r) => ({ ...r, 企业名称: `恒\u0000信商贸有限公司` }) },
  { name: 'escape character in a face field', expect: 'parse_error', row: (r) => ({ ...r, 经营范围: '批发\u001b[31m零售' }) },
  { name: 'vertical tab in a number', expect: 'parse_error', row: (r) => ({ ...r, 证照编号: `${r.证照编号}\u000b` }) },
  ...FORMULAS.map(
    (f, i): HostileKind => ({
      name: `formula in a name (${f.slice(0, 1)})`,
      expect: 'loaded',
      row: (r) => ({ ...r, 企业名称: `${f}${i}` }),
    }),
  ),
  { name: 'tab-prefixed formula in a face field', expect: 'loaded', row: (r) => ({ ...r, 经营范围: '\t=1+1' }) },
  { name: 'CR-prefixed formula in a face field', expect: 'loaded', row: (r) => ({ ...r, 经营范围: '\r=1+1' }) },
  { name: 'SQL in a name', expect: 'loaded', row: (r) => ({ ...r, 企业名称: `x'); drop table certificates; --${r.证照编号}` }) },
  {
    name: 'right-to-left override in a name',
    expect: 'loaded',
    row: (r) => ({ ...r, 企业名称: `\u202E${r.企业名称}\u202C` }),
    stored: (r) => ({ holder_name: r.企业名称.replace(/[\u202A-\u202E]/g, '') }),
  },
  {
    name: 'zero-width characters in a name',
    expect: 'loaded',
    row: (r) => ({ ...r, 企业名称: `恒\u200B信\u200D${r.证照编号}公司` }),
    stored: (r) => ({ holder_name: r.企业名称.replace(/[\u200B\u200D]/g, '') }),
  },
  { name: 'Arabic text in a face field', expect: 'loaded', row: (r) => ({ ...r, 经营范围: 'تجارة الجملة' }) },
  {
    name: 'full-width credit code',
    expect: 'loaded',
    row: (r) => ({ ...r, 统一社会信用代码: FULL_WIDTH(r.统一社会信用代码) }),
  },
  { name: 'impossible date 2023-02-30', expect: 'invalid_date', row: (r) => ({ ...r, 发证日期: '2023-02-30' }) },
  { name: 'valid until before issue', expect: 'invalid_date', row: (r) => ({ ...r, 有效期至: '2019-01-01' }) },
  {
    name: 'holder born in the future',
    expect: 'invalid_identifier',
    row: (r, n) => ({ ...r, 证照类型: 'rs-zyzg', 主体类别: 'person', 企业名称: '张三', 统一社会信用代码: residentId('20990101', n) }),
  },
  { name: 'credit code check character wrong', expect: 'invalid_identifier', row: (r) => ({ ...r, 统一社会信用代码: `${r.统一社会信用代码.slice(0, 17)}${r.统一社会信用代码.endsWith('0') ? '1' : '0'}` }) },
  { name: 'unknown status wording', expect: 'invalid_code', row: (r) => ({ ...r, 状态: '在册' }) },
  { name: 'empty name', expect: 'missing_field', row: (r) => ({ ...r, 企业名称: '   ' }) },
  { name: 'name of 300 characters', expect: 'invalid_value', row: (r) => ({ ...r, 企业名称: '长'.repeat(300) }) },
  { name: '5 MB face field', expect: 'invalid_value', once: true, row: (r) => ({ ...r, 经营范围: '经营'.repeat(2_621_440) }) },
  {
    name: 'GBK line in a UTF-8 file',
    expect: 'parse_error',
    bytes: (r) => iconv.encode(HOSTILE_COLUMNS.map((c) => r[c]).join(','), 'gbk'),
  },
  { name: 'line with a missing column', expect: 'parse_error', bytes: (r) => Buffer.from(HOSTILE_COLUMNS.slice(1).map((c) => r[c]).join(',')) },
];
