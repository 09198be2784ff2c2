import { duckRows } from './duck-rows.ts';
import { validNow, type MeasureContext } from './measure-context.ts';
import type { RunDuplicates, SeveralValid } from './report-types.ts';
import { share } from './score.ts';

export interface Uniqueness {
  runs: RunDuplicates[];
  several_valid: SeveralValid[];
  /** A few holders with several valid certificates of one type (holder ids masked later). */
  examples: { cert_type_code: string; holder_id: string; pipeline: string; certificates: number }[];
}

/** Duplicates each run absorbed, and holders who hold several currently valid certificates of one type. */
export async function measureUniqueness(ctx: MeasureContext): Promise<Uniqueness> {
  const runs = await duckRows<Omit<RunDuplicates, 'duplicate_share'>>(
    ctx.duck,
    `select id as run_id, pipeline, started_at, read, duplicates from runs order by started_at, id`,
  );
  const several = await duckRows<SeveralValid>(
    ctx.duck,
    `with held as (select cert_type_code, holder_id, count(*) as n from certificates where ${validNow()} group by all)
     select cert_type_code, count(*) as holders, count(*) filter (where n > 1) as holders_with_several from held group by all order by cert_type_code`,
    { today: ctx.today },
  );
  const examples = await duckRows<Uniqueness['examples'][number]>(
    ctx.duck,
    `select cert_type_code, holder_id, min(pipeline) as pipeline, count(*) as certificates from certificates where ${validNow()}
     group by cert_type_code, holder_id having count(*) > 1 order by cert_type_code, holder_id limit ${ctx.sampleSize}`,
    { today: ctx.today },
  );
  return { runs: runs.map((r) => ({ ...r, duplicate_share: share(r.duplicates, r.read) })), several_valid: several, examples };
}
