import type { Matter } from '../../schemas/types.ts';
import type { DepartmentKey } from './department-spec.ts';
import type { ForcedRow, HolderPlan } from './holder-plan.ts';
import type { DepartmentManifest, MatterCoverage } from './manifest.ts';

interface HeldBy {
  /** Certificate types the holder has a loaded certificate of. */
  types: Set<string>;
  /** Of those, the types with a currently valid certificate. */
  valid: Set<string>;
}

/**
 * Every ordinary row has a holder of its own, so holders per type are the department's loaded
 * certificates, and the currently valid ones its valid certificates not past valid_until. Only
 * the planned holders (demo and shared ones, always written clean) hold several types; counting
 * them once means subtracting their extra appearances.
 */
export function predictCoverage(matters: Matter[], departments: DepartmentManifest[], plan: HolderPlan, typeOf: Record<DepartmentKey, string>): MatterCoverage[] {
  const byType = new Map(departments.map((d) => [d.cert_type_code, { holders: d.expected.inserted, valid: d.statuses.valid - d.expired_by_date }]));
  const planned = new Map<string, HeldBy>();
  for (const [key, rows] of Object.entries(plan.forced) as [DepartmentKey, Map<number, ForcedRow>][]) {
    const type = typeOf[key];
    for (const row of rows.values()) {
      const held = planned.get(row.holder.id) ?? { types: new Set<string>(), valid: new Set<string>() };
      held.types.add(type);
      if (row.validNow) held.valid.add(type);
      planned.set(row.holder.id, held);
    }
  }
  const distinct = (types: Set<string>, pick: (h: HeldBy) => Set<string>, per: (t: string) => number): number => {
    let n = 0;
    for (const t of types) n += per(t);
    for (const h of planned.values()) {
      const shared = [...pick(h)].filter((t) => types.has(t)).length;
      if (shared > 1) n -= shared - 1;
    }
    return n;
  };
  return matters.map((m) => {
    const all = new Set(m.materials.flatMap((x) => x.accepted_cert_types));
    return {
      matter_code: m.matter_code,
      eligible_holders: distinct(all, (h) => h.types, (t) => byType.get(t)?.holders ?? 0),
      materials: m.materials.map((x) => ({
        material_code: x.material_code,
        covered_holders: distinct(new Set(x.accepted_cert_types), (h) => h.valid, (t) => byType.get(t)?.valid ?? 0),
      })),
    };
  });
}
