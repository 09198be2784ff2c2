import type { Kysely } from 'kysely';
import type { Matter } from '../schemas/types.ts';
import type { Database } from './database.ts';
import type { MatterRow } from './tables/matters.ts';

export type MatterView = Matter & Pick<MatterRow, 'content_hash' | 'pipeline' | 'updated_at'>;

export async function matterWithMaterials(db: Kysely<Database>, code: string): Promise<MatterView | undefined> {
  const matter = await db.selectFrom('matters').selectAll().where('matter_code', '=', code).executeTakeFirst();
  if (matter === undefined) return undefined;
  const materials = await db
    .selectFrom('matter_materials')
    .select(['material_code', 'name', 'required', 'accepted_cert_types', 'form', 'source_channel'])
    .where('matter_code', '=', code)
    .orderBy('position')
    .execute();
  return { ...matter, materials };
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Matters whose name, code or local code contains `q` (case-insensitive), by code. */
export async function searchMatters(db: Kysely<Database>, q: string, limit = 20): Promise<MatterRow[]> {
  const pattern = likePattern(q.trim());
  return db
    .selectFrom('matters')
    .selectAll()
    .where((eb) => eb.or([eb('name', 'ilike', pattern), eb('matter_code', 'ilike', pattern), eb('local_code', 'ilike', pattern)]))
    .orderBy('matter_code')
    .limit(limit)
    .execute();
}
