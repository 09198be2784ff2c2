import { sql, type Kysely } from 'kysely';
import type { NaturalKey } from './natural-key.ts';
import type { Database } from './database.ts';

/**
 * The certificates this pipeline stored from source records with these fingerprints, by
 * fingerprint. A plain read without locks: a row another pipeline changes afterwards is no
 * longer this pipeline's or carries another fingerprint, and the run's view is one that could
 * have happened just before that change.
 */
export async function certificatesByFingerprint(db: Kysely<Database>, pipeline: string, fingerprints: string[]): Promise<Map<string, NaturalKey>> {
  const found = new Map<string, NaturalKey>();
  if (fingerprints.length === 0) return found;
  const { rows } = await sql<NaturalKey & { source_fingerprint: string }>`
    select c.source_fingerprint, c.cert_type_code, c.issuer_code, c.cert_number
    from jsonb_array_elements_text(${JSON.stringify(fingerprints)}::jsonb) as q(fp)
    join certificates c on c.source_fingerprint = q.fp
    where c.pipeline = ${pipeline}`.execute(db);
  for (const { source_fingerprint, ...key } of rows) found.set(source_fingerprint, key);
  return found;
}

/** Records the fingerprint of the source record behind current rows whose content did not change. */
export async function refreshFingerprints(db: Kysely<Database>, pipeline: string, rows: (NaturalKey & { content_hash: string; fingerprint: string })[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update certificates c set source_fingerprint = r.fingerprint
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(cert_type_code text, issuer_code text, cert_number text, content_hash text, fingerprint text)
    where c.cert_type_code = r.cert_type_code and c.issuer_code = r.issuer_code and c.cert_number = r.cert_number
      and c.pipeline = ${pipeline} and c.content_hash = r.content_hash`.execute(db);
}
