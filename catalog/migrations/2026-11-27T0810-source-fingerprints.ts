import { sql, type Kysely } from 'kysely';

/**
 * `certificates.source_fingerprint`: a hash of the raw source record and of the transform it went
 * through (pipeline definition, normaliser version, certificate types) that the pipeline named in
 * `pipeline` made into the content whose hash is `source_content_hash`. While that equals the
 * row's `content_hash`, a re-sync that reads the same record through the same transform would
 * find it unchanged, so it counts it unchanged without mapping, normalising, validating or loading
 * it. Pairing the fingerprint with its content hash keeps it honest whoever writes the row next: a
 * cancellation, a quarantine retry or another pipeline changes the content, and the fingerprint no
 * longer counts without anyone having to clear it.
 * The columns live on the current row rather than in a table of their own so that a first load
 * writes them in the statement that writes the row, with no extra insert per record. They are
 * bookkeeping, not certificate content: versions do not hash them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table certificates add column source_fingerprint text`.execute(db);
  await sql`alter table certificates add column source_content_hash text`.execute(db);
  await sql`create index certificates_source_fingerprint_idx on certificates (source_fingerprint) where source_fingerprint is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index certificates_source_fingerprint_idx`.execute(db);
  await sql`alter table certificates drop column source_content_hash`.execute(db);
  await sql`alter table certificates drop column source_fingerprint`.execute(db);
}
