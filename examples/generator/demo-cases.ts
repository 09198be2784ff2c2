import type { DepartmentSpec, Holder } from './department-spec.ts';
import type { ForcedRow, HolderPlan } from './holder-plan.ts';
import type { CheckExpectation, DemoCase, Manifest } from './manifest.ts';
import { BUILDING_PERMIT_MATTER, FOOD_MATTER, type MatterTemplate, TALENT_MATTER, toMatter } from './matter-catalogue.ts';

/** What a 免证 check must say for one material, and the planted row that makes it so. */
interface Expect {
  expected: CheckExpectation;
  row?: ForcedRow;
  spec?: DepartmentSpec;
}

function demoCase(holder: Holder, template: MatterTemplate, outcomes: readonly Expect[]): DemoCase {
  const matter = toMatter(template);
  if (outcomes.length !== matter.materials.length) throw new Error(`${matter.name}: ${matter.materials.length} materials, ${outcomes.length} outcomes`);
  return {
    holder_id: holder.id,
    holder_name: holder.name,
    holder_kind: holder.kind,
    matter_code: matter.matter_code,
    matter_name: matter.name,
    materials: matter.materials.map((material, i) => {
      const o = outcomes[i]!;
      const certificate =
        o.row && o.spec
          ? { pipeline: o.spec.pipeline, cert_type_code: o.spec.certType.code, issuer_code: o.row.issuerCode ?? '', cert_number: o.row.certNumber ?? '' }
          : null;
      return { material_code: material.material_code, name: material.name, expected: o.expected, certificate };
    }),
  };
}

/** The demo holders with the outcome a check of their matter must give, once their rows are written. */
export function demoCases(plan: HolderPlan, specs: Readonly<Record<'scjg' | 'zj' | 'rs' | 'mz' | 'wj', DepartmentSpec>>): Manifest['demo'] {
  const { full, partial, organisation, revoked, missing } = plan.demo;
  const notReplaceable: Expect = { expected: 'not_replaceable' };
  return {
    full_holder: demoCase(full.holder, TALENT_MATTER, [
      { expected: 'satisfied', row: full.physician, spec: specs.wj },
      { expected: 'satisfied', row: full.qualification, spec: specs.rs },
      { expected: 'satisfied', row: full.marriage, spec: specs.mz },
    ]),
    partial_holder: demoCase(partial.holder, TALENT_MATTER, [
      { expected: 'expired', row: partial.physician, spec: specs.wj },
      { expected: 'satisfied', row: partial.qualification, spec: specs.rs },
      { expected: 'missing' },
    ]),
    organisation_holder: demoCase(organisation.holder, BUILDING_PERMIT_MATTER, [
      { expected: 'satisfied', row: organisation.licence, spec: specs.scjg },
      { expected: 'satisfied', row: organisation.construction, spec: specs.zj },
      notReplaceable,
    ]),
    revoked_holder: demoCase(revoked.holder, FOOD_MATTER, [{ expected: 'revoked', row: revoked.licence, spec: specs.scjg }, notReplaceable, notReplaceable]),
    missing_holder: demoCase(missing.holder, FOOD_MATTER, [{ expected: 'missing' }, notReplaceable, notReplaceable]),
  };
}
