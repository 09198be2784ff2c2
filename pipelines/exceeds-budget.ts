import type { Budget } from './definition.ts';

/** Whether `part` of `total` is above a budget given as a count or as a percentage of the total. */
export function exceedsBudget(budget: Budget | undefined, part: number, total: number): boolean {
  if (!budget) return false;
  if ('count' in budget) return part > budget.count;
  return total > 0 && (part / total) * 100 > budget.percent;
}

export function formatBudget(budget: Budget): string {
  return 'count' in budget ? String(budget.count) : `${budget.percent}%`;
}
