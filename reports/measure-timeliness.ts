import { Cron } from 'croner';
import { duckRows } from './duck-rows.ts';
import type { MeasureContext } from './measure-context.ts';
import type { TimelinessRow } from './report-types.ts';

const HOUR_MS = 3_600_000;
/** One missed scheduled run is tolerated; two in a row make the pipeline late. */
const MISSED_RUNS_TOLERATED = 2;

const hours = (ms: number): number => Math.round((ms / HOUR_MS) * 100) / 100;

/** Hours between two consecutive runs of a cron schedule, or null when it cannot be read. */
export function scheduleIntervalHours(schedule: string, now: Date): number | null {
  try {
    const [a, b] = new Cron(schedule, { timezone: 'Asia/Shanghai', mode: '5-or-6-parts' }).nextRuns(2, now);
    return a && b ? hours(b.getTime() - a.getTime()) : null;
  } catch {
    return null;
  }
}

/**
 * Per pipeline: how old its newest record is and how long ago its last successful run ended,
 * against its schedule. A pipeline without a schedule is on time once it has succeeded.
 */
export async function measureTimeliness(ctx: MeasureContext): Promise<TimelinessRow[]> {
  const rows = await duckRows<{ pipeline: string; newest_record_at: string | null; last_success_at: string | null }>(
    ctx.duck,
    `with names as (select pipeline from certificates union select pipeline from matters union select pipeline from runs),
     newest as (select pipeline, max(coalesce(source_updated_at, updated_at)) as at from certificates group by pipeline),
     success as (select pipeline, max(finished_at) as at from runs where status = 'succeeded' group by pipeline)
     select names.pipeline, newest.at as newest_record_at, success.at as last_success_at
     from names left join newest using (pipeline) left join success using (pipeline) order by names.pipeline`,
  );
  const now = ctx.now.getTime();
  return rows.map((r) => {
    const schedule = ctx.schedules[r.pipeline] ?? null;
    const interval = schedule === null ? null : scheduleIntervalHours(schedule, ctx.now);
    const since = r.last_success_at === null ? null : hours(now - Date.parse(r.last_success_at));
    const onTime = since !== null && (interval === null || since <= interval * MISSED_RUNS_TOLERATED);
    return {
      pipeline: r.pipeline,
      newest_record_at: r.newest_record_at,
      newest_record_age_hours: r.newest_record_at === null ? null : hours(now - Date.parse(r.newest_record_at)),
      last_success_at: r.last_success_at,
      hours_since_last_success: since,
      schedule,
      expected_interval_hours: interval,
      on_time: onTime,
    };
  });
}
