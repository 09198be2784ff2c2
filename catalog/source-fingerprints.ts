import { sql, type Kysely } from 'kysely';
import type { NaturalKey } from './natural-key.ts';
import type { Database } from './database.ts';

/**
 * The certificates this pipeline stored from source records with these fingerprints and that still
 * hold the content those records were made into, by fingerprint. A row changed since by any writer
 * (a cancellation, a retry, another pipeline) holds another content hash and is not found. A plain
 * read without locks: the run's view is one that could have happened just before a concurrent change.
 */
export async function certificatesByFingerprint(db: Kysely<Database>, pipeline: string, fingerprints: string[]): Promise<Map<string, NaturalKey>> {
  const found = new Map<string, NaturalKey>();
  if (fingerprints.length === 0) return found;
  // During a first sync the table outgrows its statistics, and the planner took the pipeline's
  // index for a selective one: joined with the unnested list it scanned every row of the pipeline
  // per fingerprint, and next to `= any` it still built a bitmap of every row of the pipeline per
  // batch (half a second at 1M rows). The fingerprint alone finds the rows: `offset 0` keeps the
  // pipeline condition out of the index scan, as a filter on what it found.
  const { rows } = await sql<NaturalKey & { source_fingerprint: string }>`
    select c.source_fingerprint, c.cert_type_code, c.issuer_code, c.cert_number
    from (select * from certificates where source_fingerprint = any(${fingerprints}::text[]) offset 0) c
    where c.pipeline = ${pipeline} and c.source_content_hash = c.content_hash`.execute(db);
  for (const { source_fingerprint, ...key } of rows) found.set(source_fingerprint, key);
  return found;
}

/** Records the fingerprint of the source record behind current rows whose content it left as it was. */
export async function refreshFingerprints(db: Kysely<Database>, pipeline: string, rows: (NaturalKey & { content_hash: string; fingerprint: string })[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update certificates c set source_fingerprint = r.fingerprint, source_content_hash = r.content_hash
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(cert_type_code text, issuer_code text, cert_number text, content_hash text, fingerprint text)
    where c.cert_type_code = r.cert_type_code and c.issuer_code = r.issuer_code and c.cert_number = r.cert_number
      and c.pipeline = ${pipeline} and c.content_hash = r.content_hash
      and (c.source_fingerprint is distinct from r.fingerprint or c.source_content_hash is distinct from r.content_hash)`.execute(db);
}
