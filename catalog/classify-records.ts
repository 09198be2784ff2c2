import { sql, type Kysely } from 'kysely';
import type { Certificate, Matter } from '../schemas/types.ts';
import type { LoadResult } from './batch-bookkeeping.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import type { CertificateHead } from './certificate-writes.ts';
import { incomingWins, type WriteDisposition } from './load-certificates.ts';
import { matterContentHash } from './load-matters.ts';
import { keyOf } from './natural-key.ts';
import { toStoredCertificate } from './stored-certificate.ts';
import type { Database } from './database.ts';

type StoredHead = Pick<CertificateHead, 'cert_type_code' | 'issuer_code' | 'cert_number' | 'content_hash' | 'source_updated_at' | 'priority' | 'pipeline'>;

/**
 * What a load of these certificates would count — inserted, updated or unchanged — by the loader's
 * own rules (content hash, then newest source timestamp, same pipeline, priority), reading the
 * catalogue without locking or writing anything. For `sync --dry-run`.
 */
export async function classifyCertificates(
  db: Kysely<Database>,
  records: Certificate[],
  batch: { pipeline: string; priority: number; disposition: WriteDisposition },
): Promise<LoadResult> {
  const result: LoadResult = { inserted: 0, updated: 0, unchanged: 0 };
  if (records.length === 0) return result;
  const incoming = records.map((r) => {
    const stored = toStoredCertificate(r);
    return { stored, hash: sha256Hex(canonicalJson(stored)) };
  });
  const keys = JSON.stringify(incoming.map(({ stored: s }) => ({ cert_type_code: s.cert_type_code, issuer_code: s.issuer_code, cert_number: s.cert_number })));
  const { rows } = await sql<StoredHead>`
    select c.cert_type_code, c.issuer_code, c.cert_number, c.content_hash, c.source_updated_at, c.priority, c.pipeline
    from jsonb_to_recordset(${keys}::jsonb) as k(cert_type_code text, issuer_code text, cert_number text)
    join certificates c on c.cert_type_code = k.cert_type_code and c.issuer_code = k.issuer_code and c.cert_number = k.cert_number`.execute(db);
  const heads = new Map(rows.map((h) => [keyOf(h), h]));
  for (const { stored, hash } of incoming) {
    const head = heads.get(keyOf(stored));
    if (head === undefined) result.inserted++;
    else if (
      head.content_hash !== hash &&
      batch.disposition !== 'append' &&
      incomingWins({ source_updated_at: stored.source_updated_at, priority: batch.priority, pipeline: batch.pipeline }, head)
    ) {
      result.updated++;
    } else result.unchanged++;
  }
  return result;
}

/** The same for matters: a matter whose content hash differs would be updated. */
export async function classifyMatters(db: Kysely<Database>, records: Matter[]): Promise<LoadResult> {
  const result: LoadResult = { inserted: 0, updated: 0, unchanged: 0 };
  if (records.length === 0) return result;
  const stored = await db
    .selectFrom('matters')
    .select(['matter_code', 'content_hash'])
    .where('matter_code', 'in', records.map((m) => m.matter_code))
    .execute();
  const hashes = new Map(stored.map((m) => [m.matter_code, m.content_hash]));
  for (const m of records) {
    const hash = hashes.get(m.matter_code);
    if (hash === undefined) result.inserted++;
    else if (hash === matterContentHash(m)) result.unchanged++;
    else result.updated++;
  }
  return result;
}
