import type { Selectable } from 'kysely';
import type { Timestamp } from './column-types.ts';

export interface MattersTable {
  matter_code: string;
  local_code: string | null;
  name: string;
  matter_type: string;
  dept_code: string;
  division_code: string;
  content_hash: string;
  pipeline: string;
  updated_at: Timestamp;
}

export interface MatterMaterialsTable {
  matter_code: string;
  material_code: string;
  name: string;
  required: boolean;
  accepted_cert_types: string[];
  form: string | null;
  source_channel: string | null;
  position: number;
}

export type MatterRow = Selectable<MattersTable>;
