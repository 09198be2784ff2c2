/** 事项类型 (GB/T 39554.1-2020): national 2-digit codes. Local systems renumber, so pipelines map theirs onto these. */
export const MATTER_TYPES: Readonly<Record<string, string>> = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
};

export function isMatterType(code: string): boolean {
  return Object.hasOwn(MATTER_TYPES, code);
}
