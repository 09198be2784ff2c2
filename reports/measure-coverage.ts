import { duckRows } from './duck-rows.ts';
import { validNow, type MeasureContext } from './measure-context.ts';
import type { CoverageMaterial, CoverageMatter } from './report-types.ts';
import { share } from './score.ts';

export interface Coverage {
  matters: CoverageMatter[];
  materials: CoverageMaterial[];
  materials_total: number;
  replaceable: number;
  waivable: number;
}

/**
 * 免证 coverage. For each matter, the holders it concerns are those with a certificate (any
 * status) of a type one of its materials accepts; a material is covered for the share of them
 * holding a currently valid certificate it accepts, and waivable when that share is above 0.
 * The total of waivable materials is what cities report as 减材料.
 */
export async function measureCoverage(ctx: MeasureContext): Promise<Coverage> {
  const materials = await duckRows<Omit<CoverageMaterial, 'share' | 'waivable' | 'replaceable'> & { eligible: number }>(
    ctx.duck,
    `with material_types as (
       select matter_code, material_code, unnest(accepted_cert_types) as cert_type_code from matter_materials
     ), eligible as (
       select matter_code, count(*) as n from (
         select distinct mt.matter_code, c.holder_id
         from (select distinct matter_code, cert_type_code from material_types) mt join certificates c using (cert_type_code)
       ) group by all
     ), covered as (
       select matter_code, material_code, count(*) as n from (
         select distinct mt.matter_code, mt.material_code, c.holder_id
         from material_types mt join certificates c using (cert_type_code)
         where ${validNow('c')}
       ) group by all
     )
     select mm.matter_code, mm.material_code, mm.name, mm.required, mm.accepted_cert_types,
       coalesce(covered.n, 0) as covered_holders, coalesce(eligible.n, 0) as eligible
     from matter_materials mm join matters m using (matter_code)
       left join covered using (matter_code, material_code) left join eligible using (matter_code)
     order by mm.matter_code, mm.position, mm.material_code`,
    { today: ctx.today },
  );
  const names = await duckRows<{ matter_code: string; name: string }>(ctx.duck, 'select matter_code, name from matters order by matter_code');
  const rows: CoverageMaterial[] = materials.map(({ eligible, ...m }) => {
    const replaceable = m.accepted_cert_types.length > 0;
    return { ...m, replaceable, share: replaceable ? share(m.covered_holders, eligible) : null, waivable: replaceable && m.covered_holders > 0 };
  });
  const matters: CoverageMatter[] = names.map(({ matter_code, name }) => {
    const own = rows.filter((r) => r.matter_code === matter_code);
    const eligible = materials.find((m) => m.matter_code === matter_code)?.eligible ?? 0;
    return {
      matter_code,
      name,
      eligible_holders: eligible,
      materials: own.length,
      replaceable: own.filter((r) => r.replaceable).length,
      waivable: own.filter((r) => r.waivable).length,
    };
  });
  return {
    matters,
    materials: rows,
    materials_total: rows.length,
    replaceable: rows.filter((r) => r.replaceable).length,
    waivable: rows.filter((r) => r.waivable).length,
  };
}
