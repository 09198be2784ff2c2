import { sql, type Kysely } from 'kysely';
import { HubError } from '../core/errors.ts';
import type { SyncState } from '../core/sync-state.ts';
import type { Matter } from '../schemas/types.ts';
import { loadInTransaction, type BatchCounts, type LoadResult } from './batch-bookkeeping.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import { retryOnWriteRace } from './retry-on-write-race.ts';
import { matterSummary } from './matter-summary.ts';
import type { QuarantineBatch, QuarantineInsert } from './quarantine-repository.ts';
import type { DuplicateInsert } from './run-repository.ts';
import type { Database } from './database.ts';

export interface MatterBatch {
  runId: string;
  pipeline: string;
  records: Matter[];
  quarantine: QuarantineInsert[];
  /** Written to sync_state with the batch when given. */
  state?: SyncState;
  counts: BatchCounts;
  /** Duplicates dropped by dedupe whose content differed from the record kept. */
  conflicts?: DuplicateInsert[];
  retry?: QuarantineBatch['retry'];
}

const CHUNK = 2000;

/** The hashed form of a matter: absent optional fields are null, materials keep their order. */
function storedMatter(m: Matter): Matter {
  return {
    ...matterSummary(m),
    materials: m.materials.map((mat) => ({
      material_code: mat.material_code,
      name: mat.name,
      required: mat.required,
      accepted_cert_types: [...mat.accepted_cert_types],
      form: mat.form ?? null,
      source_channel: mat.source_channel ?? null,
    })),
  };
}

/** The content hash a loaded matter is stored with: equal hashes mean an unchanged matter. */
export function matterContentHash(m: Matter): string {
  return sha256Hex(canonicalJson(storedMatter(m)));
}

async function loadChunk(trx: Kysely<Database>, batch: MatterBatch, records: Matter[]): Promise<LoadResult> {
  const incoming = records.map((m) => {
    const stored = storedMatter(m);
    return { stored, hash: sha256Hex(canonicalJson(stored)) };
  });
  const codes = incoming.map((i) => i.stored.matter_code);
  if (new Set(codes).size !== codes.length) throw new HubError('HUB_ERR_PIPELINE_STEP', 'duplicate matter_code in one batch');
  const existing = new Map<string, string>();
  if (codes.length > 0) {
    const rows = await trx.selectFrom('matters').select(['matter_code', 'content_hash']).where('matter_code', 'in', codes).forUpdate().execute();
    for (const r of rows) existing.set(r.matter_code, r.content_hash);
  }
  const result: LoadResult = { inserted: 0, updated: 0, unchanged: 0 };
  const changed = incoming.filter((i) => {
    const hash = existing.get(i.stored.matter_code);
    if (hash === undefined) result.inserted++;
    else if (hash === i.hash) result.unchanged++;
    else result.updated++;
    return hash !== i.hash;
  });
  if (changed.length === 0) return result;

  const matters = changed.map(({ stored: { materials: _materials, ...m }, hash }) => ({ ...m, content_hash: hash }));
  await sql`
    insert into matters (matter_code, local_code, name, matter_type, dept_code, division_code, content_hash, pipeline)
    select r.matter_code, r.local_code, r.name, r.matter_type, r.dept_code, r.division_code, r.content_hash, ${batch.pipeline}
    from jsonb_to_recordset(${JSON.stringify(matters)}::jsonb) as r(
      matter_code text, local_code text, name text, matter_type text, dept_code text, division_code text, content_hash text)
    on conflict (matter_code) do update set
      local_code = excluded.local_code, name = excluded.name, matter_type = excluded.matter_type,
      dept_code = excluded.dept_code, division_code = excluded.division_code, content_hash = excluded.content_hash,
      pipeline = excluded.pipeline, updated_at = now()`.execute(trx);

  const replaced = changed.filter((i) => existing.has(i.stored.matter_code)).map((i) => i.stored.matter_code);
  if (replaced.length > 0) await trx.deleteFrom('matter_materials').where('matter_code', 'in', replaced).execute();
  const materials = changed.flatMap(({ stored }) =>
    stored.materials.map((mat, position) => ({ matter_code: stored.matter_code, position, ...mat })),
  );
  if (materials.length > 0) {
    await sql`
      insert into matter_materials (matter_code, material_code, name, required, accepted_cert_types, form, source_channel, position)
      select r.matter_code, r.material_code, r.name, r.required, r.accepted_cert_types, r.form, r.source_channel, r.position
      from jsonb_to_recordset(${JSON.stringify(materials)}::jsonb) as r(
        matter_code text, material_code text, name text, required boolean, accepted_cert_types text[],
        form text, source_channel text, position integer)`.execute(trx);
  }
  return result;
}

/**
 * Loads one batch of matters in one transaction. A changed matter gets its whole
 * material list replaced, so readers never see a mix of old and new materials.
 */
export async function loadMatterBatch(db: Kysely<Database>, batch: MatterBatch): Promise<LoadResult> {
  return retryOnWriteRace(db, () => loadInTransaction(db, batch, CHUNK, loadChunk, (m) => m.matter_code));
}
