import { sql, type Kysely } from 'kysely';

/**
 * `certificates.source_fingerprint`: a hash of the raw source record that produced the current row
 * and of the transform it went through (pipeline definition, normaliser version, certificate types),
 * set by the pipeline named in `pipeline`. A re-sync that reads the same record through the same
 * transform finds it here and counts it unchanged without mapping, normalising, validating or
 * loading it. Null where the row was not written from a fingerprinted record (cancelled at source,
 * retried from quarantine, loaded before this column): such rows are always processed again.
 * The column lives on the current row rather than in a table of its own so that a first load
 * writes it in the statement that writes the row, with no extra insert per record. It is
 * bookkeeping, not certificate content: versions do not hash it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table certificates add column source_fingerprint text`.execute(db);
  await sql`create index certificates_source_fingerprint_idx on certificates (source_fingerprint) where source_fingerprint is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index certificates_source_fingerprint_idx`.execute(db);
  await sql`alter table certificates drop column source_fingerprint`.execute(db);
}
