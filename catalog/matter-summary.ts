import type { Matter } from '../schemas/types.ts';

export type MatterSummary = Omit<Matter, 'materials'>;

/** A matter without its materials (schema `MatterSummary`). */
export function matterSummary(m: MatterSummary): MatterSummary {
  return {
    matter_code: m.matter_code,
    local_code: m.local_code ?? null,
    name: m.name,
    matter_type: m.matter_type,
    dept_code: m.dept_code,
    division_code: m.division_code,
  };
}
