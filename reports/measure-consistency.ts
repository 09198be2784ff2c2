import { duckRows } from './duck-rows.ts';
import type { MeasureContext } from './measure-context.ts';
import type { ConsistencyGroup, SupersededCount } from './report-types.ts';

/**
 * The registration division inside a USCC (characters 3–8) and the level it names: a province
 * (xx0000) or city (xxxx00) issuer covers every county below it, so only that prefix is compared.
 */
const DIVISION_SQL = `
  with coded as (
    select *, substr(issuer_code, 3, 6) as issuer_div, substr(holder_id, 3, 6) as holder_div from certificates
  ), checked as (
    select *,
      length(issuer_code) = 18 and regexp_full_match(issuer_div, '[1-9][0-9]{5}')
        and holder_kind = 'organisation' and length(holder_id) = 18 and regexp_full_match(holder_div, '[1-9][0-9]{5}') as division_known,
      case when issuer_div like '__0000' then left(issuer_div, 2) when issuer_div like '____00' then left(issuer_div, 4) else issuer_div end as issuer_prefix
    from coded
  ), judged as (
    select *, status = 'valid' and valid_until is not null and valid_until < $today as valid_but_expired,
      division_known and not starts_with(holder_div, issuer_prefix) as division_mismatch
    from checked
  )`;

export interface Consistency {
  groups: ConsistencyGroup[];
  superseded: SupersededCount[];
  examples: { kind: 'valid_but_expired' | 'division_mismatch'; pipeline: string; cert_type_code: string; cert_number: string; issuer_code: string; holder_id: string; valid_until: string | null; status: string }[];
}

export async function measureConsistency(ctx: MeasureContext): Promise<Consistency> {
  const groups = await duckRows<ConsistencyGroup>(
    ctx.duck,
    `${DIVISION_SQL}
     select pipeline, cert_type_code, count(*) as certificates,
       count(*) filter (where valid_but_expired) as valid_but_expired,
       count(*) filter (where division_known) as division_checked,
       count(*) filter (where division_mismatch) as division_mismatch,
       count(*) filter (where valid_but_expired or division_mismatch) as inconsistent
     from judged group by all order by pipeline, cert_type_code`,
    { today: ctx.today },
  );
  const examples = await duckRows<Consistency['examples'][number]>(
    ctx.duck,
    `${DIVISION_SQL}
     select * from (
       (select 'valid_but_expired' as kind, pipeline, cert_type_code, cert_number, issuer_code, holder_id, valid_until, status
        from judged where valid_but_expired order by pipeline, cert_type_code, cert_number limit ${ctx.sampleSize})
       union all
       (select 'division_mismatch', pipeline, cert_type_code, cert_number, issuer_code, holder_id, valid_until, status
        from judged where division_mismatch order by pipeline, cert_type_code, cert_number limit ${ctx.sampleSize})
     ) order by kind, pipeline, cert_number`,
    { today: ctx.today },
  );
  const superseded = await duckRows<SupersededCount>(ctx.duck, `select pipeline, count(*) as versions from superseded_versions group by all order by pipeline`);
  return { groups, superseded, examples };
}
