import { HubError } from '../core/errors.ts';
import type { PipelineDefinition } from './definition.ts';

function exceeded(p: PipelineDefinition, quarantined: number, read: number): boolean {
  const budget = p.max_invalid;
  if (!budget) return false;
  if ('count' in budget) return quarantined > budget.count;
  return read > 0 && (quarantined / read) * 100 > budget.percent;
}

/** Stops a run before batch `batch` when the records quarantined so far, that batch included, exceed max_invalid. */
export function checkErrorBudget(p: PipelineDefinition, totals: { quarantined: number; read: number }, batch: number): void {
  if (!exceeded(p, totals.quarantined, totals.read)) return;
  throw new HubError(
    'HUB_ERR_ERROR_BUDGET',
    `${totals.quarantined} of ${totals.read} records invalid, above max_invalid; stopped before batch ${batch}, earlier batches stay loaded`,
    { batch, quarantined: totals.quarantined, read: totals.read },
  );
}
