import { sql, type Kysely } from 'kysely';
import { verifyChains } from '../../catalog/verify-chains.ts';
import type { Database } from '../../catalog/database.ts';

/**
 * Row count and an order-independent checksum of each table, leaving out what legitimately
 * differs between a clean run and an interrupted one resumed: run ids (`last_run_id`, `run_id`)
 * and the wall-clock times of the load transactions (`created_at`, `updated_at`, `valid_from`,
 * `valid_to`), and the version hashes, which cover the run id and valid_from, with the seal
 * block each version landed in; and the fingerprint of the source record a row was made from,
 * a cache that only decides whether the next run may skip it. Whether a version is still open
 * (`valid_to is null`) is kept.
 * Every data column, the version numbers, the change kinds and the content hashes are compared,
 * and the number of broken links `verifyChains` finds (0 on both sides when the chains hold).
 */
export async function catalogueDigest(db: Kysely<Database>) {
  const { rows } = await sql<{ table: string; rows: number; checksum: string }>`
    select 'certificates' as table, count(*)::int as rows,
      md5(coalesce(string_agg(h, '' order by h), '')) as checksum
    from (select md5((to_jsonb(c) - 'last_run_id' - 'created_at' - 'updated_at' - 'source_fingerprint' - 'source_content_hash')::text) as h from certificates c) t
    union all
    select 'certificate_versions', count(*)::int,
      md5(coalesce(string_agg(h, '' order by h), ''))
    from (
      select md5((to_jsonb(v) - 'run_id' - 'valid_from' - 'valid_to' - 'prev_hash' - 'hash' - 'sealed_in'
        || jsonb_build_object('open', v.valid_to is null))::text) as h
      from certificate_versions v
    ) t
    union all
    select 'quarantine (unresolved)', count(*)::int, '' from quarantine where resolved_at is null
    -- The branches of a union may come back in any order (Postgres can run them in parallel).
    order by 1`.execute(db);
  const chains = await verifyChains(db);
  return [...rows, { table: 'broken chain links', rows: chains.brokenLinks, checksum: '' }];
}
