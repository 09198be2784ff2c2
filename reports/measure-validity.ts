import { duckRows } from './duck-rows.ts';
import type { MeasureContext } from './measure-context.ts';
import type { FailingField, ReasonCount, ValidityPipeline } from './report-types.ts';
import { share } from './score.ts';

const FAILING_FIELDS_SHOWN = 10;

export interface Validity {
  pipelines: ValidityPipeline[];
  reasons: ReasonCount[];
  failing_fields: FailingField[];
}

/**
 * Valid share per pipeline: records in the catalogue (certificates and matters it loaded) against
 * those waiting in quarantine (unresolved), with the reason codes and the fields that fail most.
 */
export async function measureValidity(ctx: MeasureContext): Promise<Validity> {
  const pipelines = await duckRows<{ pipeline: string; loaded: number; quarantined: number }>(
    ctx.duck,
    `with loaded as (
       select pipeline, count(*) as n from certificates group by pipeline
       union all select pipeline, count(*) from matters group by pipeline
     ), held as (select pipeline, count(*) as n from quarantine group by pipeline),
     names as (select pipeline from loaded union select pipeline from held union select pipeline from runs)
     select names.pipeline, coalesce((select sum(n) from loaded l where l.pipeline = names.pipeline), 0)::bigint as loaded,
            coalesce(held.n, 0) as quarantined
     from names left join held using (pipeline) order by names.pipeline`,
  );
  const reasons = await duckRows<ReasonCount>(ctx.duck, `select pipeline, reason, count(*) as count from quarantine group by all order by pipeline, count desc, reason`);
  const failing = await duckRows<FailingField>(
    ctx.duck,
    `select pipeline, path, reason, count(*) as count from quarantine group by all order by count desc, pipeline, path limit ${FAILING_FIELDS_SHOWN}`,
  );
  return {
    pipelines: pipelines.map((p) => ({ ...p, valid_share: share(p.loaded, p.loaded + p.quarantined) })),
    reasons,
    failing_fields: failing,
  };
}
