import { sql, type Kysely } from 'kysely';
import { appendVersions, restateCurrent, versionTime, type CertificateHead, type VersionWrite } from './certificate-writes.ts';
import { inTransaction } from './in-transaction.ts';
import { contentHash, storedFromRow } from './stored-certificate.ts';
import { versionHash } from './version-hash.ts';
import type { Database } from './database.ts';
import type { CertificateRow } from './tables/certificates.ts';

const CHUNK = 5000;

type Candidate = CertificateRow & Pick<CertificateHead, 'head_version' | 'head_hash'>;

/**
 * What a full-snapshot (replace) run would cancel: the pipeline's certificates not cancelled yet,
 * and how many of them the run did not see.
 */
export async function countMissing(db: Kysely<Database>, run: { runId: string; pipeline: string }): Promise<{ missing: number; certificates: number }> {
  const row = await db
    .selectFrom('certificates')
    .select((eb) => [
      eb.fn.countAll<string>().as('certificates'),
      eb.fn.sum<string>(eb.case().when('last_run_id', '<>', run.runId).then(1).else(0).end()).as('missing'),
    ])
    .where('pipeline', '=', run.pipeline)
    .where('status', '<>', 'cancelled')
    .executeTakeFirstOrThrow();
  return { missing: Number(row.missing ?? 0), certificates: Number(row.certificates) };
}

/**
 * For a full-snapshot (replace) run: current rows of the pipeline that this run did not
 * see are cancelled, each with a 'cancelled-at-source' version. Call it after the run's
 * last batch committed. Returns how many rows were cancelled.
 */
export async function cancelMissing(db: Kysely<Database>, run: { runId: string; pipeline: string }): Promise<number> {
  return inTransaction(db, async (trx) => {
    let cancelled = 0;
    for (;;) {
      const { rows } = await sql<Candidate>`
        select c.*, coalesce(h.version, 0) as head_version, coalesce(h.hash, '') as head_hash
        from certificates c
        left join lateral (
          select v.version, v.hash from certificate_versions v
          where v.cert_type_code = c.cert_type_code and v.issuer_code = c.issuer_code and v.cert_number = c.cert_number
          order by v.version desc limit 1
        ) h on true
        where c.pipeline = ${run.pipeline} and c.last_run_id <> ${run.runId} and c.status <> 'cancelled'
        order by c.cert_type_code, c.issuer_code, c.cert_number
        limit ${CHUNK}
        for update of c`.execute(trx);
      if (rows.length === 0) return cancelled;
      const validFrom = await versionTime(trx);
      const versions: VersionWrite[] = rows.map((row) => {
        const data = { ...storedFromRow(row), status: 'cancelled' as const };
        const version = row.head_version + 1;
        const change = 'cancelled-at-source' as const;
        const link = { prev_hash: row.head_hash, version, change, run_id: run.runId, pipeline: run.pipeline, valid_from: validFrom, data };
        return {
          cert_type_code: row.cert_type_code,
          issuer_code: row.issuer_code,
          cert_number: row.cert_number,
          holder_id: row.holder_id,
          version,
          change,
          data,
          content_hash: contentHash(data),
          prev_hash: row.head_hash,
          hash: versionHash(link),
          valid_from: validFrom,
          closes: row.version,
        };
      });
      await restateCurrent(
        trx,
        versions.map((v) => ({
          cert_type_code: v.cert_type_code,
          issuer_code: v.issuer_code,
          cert_number: v.cert_number,
          status: 'cancelled',
          content_hash: v.content_hash,
          version: v.version,
        })),
      );
      await appendVersions(trx, versions, run.pipeline, run.runId);
      cancelled += rows.length;
      if (rows.length < CHUNK) return cancelled;
    }
  });
}
