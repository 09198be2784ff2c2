import { duckRows } from './duck-rows.ts';
import type { MeasureContext } from './measure-context.ts';
import type { VolumeRun } from './report-types.ts';

/** Below this share of the previous run's records, a run is flagged as a sudden drop. */
const DROP_BELOW = 0.5;

/**
 * Records per run, the change against the pipeline's previous run, and the runs to look at:
 * those that loaded nothing, and those that read less than half of what the previous run read.
 */
export async function measureVolume(ctx: MeasureContext): Promise<VolumeRun[]> {
  return duckRows<VolumeRun>(
    ctx.duck,
    `with ordered as (
       select *, inserted + updated + unchanged as loaded,
         lag(read) over (partition by pipeline order by started_at, id) as previous_read
       from runs where status <> 'running'
     )
     select id as run_id, pipeline, started_at, status, read, loaded, previous_read,
       read - previous_read as change,
       case when previous_read > 0 then round((read - previous_read) / previous_read, 4) end as change_share,
       loaded = 0 or coalesce(previous_read > 0 and read < previous_read * ${DROP_BELOW}, false) as flagged
     from ordered order by started_at, id`,
  );
}
