import { chineseFieldName } from '../schemas/field-label.ts';
import type { QuarantineReason } from '../schemas/types.ts';

/** Each reason code as a department reads it. */
export const REASON_ZH: Record<QuarantineReason, string> = {
  parse_error: '无法读取',
  missing_field: '必填项为空',
  invalid_identifier: '证件号码有误',
  invalid_date: '日期有误',
  invalid_code: '代码或取值不在目录中',
  invalid_value: '取值不符合要求',
};

/** `details.reason` of an identifier or division check, in plain Chinese. */
const IDENTIFIER_PROBLEM_ZH: Record<string, string> = {
  length: '位数不对（统一社会信用代码、公民身份号码均为18位，旧身份证为15位）',
  charset: '含有不允许的字符（只能是数字和大写字母）',
  checksum: '最后一位校验码不对，可能抄错了某一位',
  date: '其中的出生日期不是真实日期',
  division: '其中的行政区划代码不存在',
  format: '格式不对',
};

export interface QuarantineProblem {
  reason: QuarantineReason;
  /** JSON pointer of the failing field, e.g. `/holder_id`; empty or null for the whole record. */
  path: string | null;
  details: unknown;
}

function detailsOf(details: unknown): Record<string, unknown> {
  return details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : {};
}

function detailsReason(details: unknown): string | undefined {
  const reason = detailsOf(details).reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** 北京市朝阳区（110105）、吉林省长春市朝阳区（220104） from details.candidates. */
function candidatesZh(details: unknown): string {
  const candidates = detailsOf(details).candidates;
  if (!Array.isArray(candidates)) return '';
  return candidates
    .map((c) => detailsOf(c))
    .map((c) => `${String(c.name)}（${String(c.code)}）`)
    .join('、');
}

function identifierProblemZh(details: unknown): string {
  const d = detailsOf(details);
  if (d.hint === 'excel_scientific') {
    return '被 Excel 显示成了科学计数法（如 3.30502E+17），后几位已经丢失：请先把该列设置为“文本”格式，再重新导出';
  }
  const reason = detailsReason(details) ?? 'format';
  if (reason === 'checksum' && typeof d.expected === 'string' && typeof d.found === 'string') {
    return `最后一位校验码不对：按前面各位算应为 ${d.expected}，实为 ${d.found}；也可能是前面某一位抄错了，请对照原件核对，不要只改最后一位`;
  }
  return IDENTIFIER_PROBLEM_ZH[reason] ?? IDENTIFIER_PROBLEM_ZH.format!;
}

/**
 * The field as the department knows it: its own column name (from the pipeline's mapping) and the
 * catalogue's Chinese name, e.g. `「身份证号」（持证主体代码）`. Either part alone when that is all there is.
 */
export function fieldNameZh(entity: 'certificate' | 'matter', pointer: string, column: string | undefined): string {
  const field = pointer.split('/')[1] ?? '';
  const name = chineseFieldName(entity, `/${field}`);
  if (column !== undefined && name !== undefined && column !== name) return `「${column}」（${name}）`;
  if (column !== undefined) return `「${column}」`;
  return name !== undefined ? `「${name}」` : `「${field}」`;
}

/**
 * What is wrong with a quarantined record, fully in Chinese, without repeating the value (the row
 * beside it holds the value, masked or not as the export was asked for).
 */
export function quarantineMessageZh(entity: 'certificate' | 'matter', q: QuarantineProblem, column: string | undefined): string {
  const pointer = q.path ?? '';
  if (q.reason === 'parse_error' || pointer === '') {
    return q.reason === 'parse_error' ? '这一行无法读取：编码、列数或引号有误，请检查该行原文' : `整条记录${REASON_ZH[q.reason]}`;
  }
  const field = fieldNameZh(entity, pointer, column);
  switch (q.reason) {
    case 'missing_field':
      if (detailsReason(q.details) === 'no_column') {
        const suggestion = detailsOf(q.details).suggestion;
        const missing = `源文件中没有「${String(detailsOf(q.details).column)}」这一列`;
        const check = '请核对表头或管道的字段映射';
        return typeof suggestion === 'string' ? `${missing}，是否应为「${suggestion}」？${check}` : `${missing}，${check}`;
      }
      if (pointer === '/valid_until') return `${field}为空，请填写截止日期；长期有效的请写“长期”`;
      return `${field}为空，请填写`;
    case 'invalid_identifier':
      return `${field}${identifierProblemZh(q.details)}`;
    case 'invalid_date':
      if (pointer === '/valid_until') return `${field}早于发证日期或不是真实日期，请核对`;
      if (pointer === '/source_updated_at') return `${field}不是有效的时间，请写成 yyyy-mm-dd hh:mm:ss`;
      return `${field}不是真实日期，请写成 yyyy-mm-dd（例如 2023-05-06）`;
    case 'invalid_code':
      if (pointer === '/status') return `${field}的写法不在状态代码表中（可用：有效、暂扣、撤销、吊销、注销、失效）`;
      if (pointer === '/division_code' && detailsReason(q.details) === 'ambiguous') {
        return `${field}对应多个行政区划：${candidatesZh(q.details)}，请填写区划代码，或写明所属省、市`;
      }
      if (pointer === '/division_code') return `${field}不在行政区划代码表中`;
      if (detailsReason(q.details) === 'value_map') {
        return `${field}的名称在对照表 ${String(detailsOf(q.details).map)} 中没有对应代码，请核对名称，或在对照表中补上这一项`;
      }
      return `${field}不在本平台的代码目录中，请核对`;
    case 'invalid_value':
      return `${field}的取值不符合要求，请核对`;
  }
}
