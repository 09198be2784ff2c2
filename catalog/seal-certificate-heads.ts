import { sql, type Kysely } from 'kysely';
import { chainHash } from './canonical-json.ts';
import { inTransaction } from './in-transaction.ts';
import type { Database } from './database.ts';
import type { CertificateSealsTable } from './tables/certificate-seals.ts';

export type SealedHead = Omit<CertificateSealsTable, 'block_id'>;

/** A seal block's hash: the previous block's hash followed by its heads, in natural-key order. */
export function sealBlockHash(prevHash: string, heads: SealedHead[]): string {
  return chainHash(
    prevHash,
    heads.map((h) => ({ cert_type_code: h.cert_type_code, issuer_code: h.issuer_code, cert_number: h.cert_number, version: h.version, hash: h.hash })),
  );
}

type Unsealed = SealedHead;

/**
 * Seals the heads of every certificate chain that grew since the last block: the versions not
 * sealed yet, up to `maxVersions` per block, are folded into a block holding the newest of them
 * per certificate, chained to the previous block. Only new versions are read, so each round
 * costs what changed, not the size of the catalogue.
 *
 * Sealers exclude each other through a table lock on the blocks. Versions another transaction
 * holds locked (a load closing them) are skipped, not waited for, and land in a later block;
 * versions not committed yet are not visible and do the same.
 */
export async function sealCertificateHeads(db: Kysely<Database>, options: { maxVersions?: number } = {}): Promise<{ blocks: number; versions: number }> {
  const maxVersions = options.maxVersions ?? 10_000;
  return inTransaction(db, async (trx) => {
    await sql`lock table certificate_seal_blocks in exclusive mode`.execute(trx);
    // After a first sync certificate_versions is far larger than its statistics say, and the
    // planner then fetched every unsealed version past the start and sorted them, each round
    // (seconds per round at 1M versions). The partial index of unsealed versions is already in
    // the order wanted: walk it.
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_bitmapscan = off`.execute(trx);
    let last = await trx.selectFrom('certificate_seal_blocks').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    let blocks = 0;
    let sealed = 0;
    let after: Unsealed | undefined;
    for (;;) {
      // Each round starts after the last version the previous one took: the index entries of the
      // versions this transaction has sealed stay in the partial index until it commits, and
      // would be scanned past again every round.
      const from = after === undefined ? sql`true` : sql`(cert_type_code, issuer_code, cert_number, version) > (${after.cert_type_code}, ${after.issuer_code}, ${after.cert_number}, ${after.version})`;
      const { rows } = await sql<Unsealed>`
        select cert_type_code, issuer_code, cert_number, version, hash from certificate_versions
        where sealed_in is null and ${from}
        order by cert_type_code, issuer_code, cert_number, version
        limit ${maxVersions}
        for update skip locked`.execute(trx);
      if (rows.length === 0) break;
      const heads: SealedHead[] = [];
      for (const row of rows) {
        const prev = heads.at(-1);
        const sameChain = prev !== undefined && prev.cert_type_code === row.cert_type_code && prev.issuer_code === row.issuer_code && prev.cert_number === row.cert_number;
        if (sameChain) heads[heads.length - 1] = row;
        else heads.push(row);
      }
      const id = (last?.id ?? 0) + 1;
      const prevHash = last?.hash ?? '';
      const hash = sealBlockHash(prevHash, heads);
      await trx.insertInto('certificate_seal_blocks').values({ id, head_count: heads.length, prev_hash: prevHash, hash }).execute();
      await sql`
        insert into certificate_seals (block_id, cert_type_code, issuer_code, cert_number, version, hash)
        select ${id}, h.cert_type_code, h.issuer_code, h.cert_number, h.version, h.hash
        from jsonb_to_recordset(${JSON.stringify(heads)}::jsonb) as h(cert_type_code text, issuer_code text, cert_number text, version integer, hash text)`.execute(trx);
      const keys = rows.map(({ hash: _hash, ...key }) => key);
      await sql`
        update certificate_versions v set sealed_in = ${id}
        from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(cert_type_code text, issuer_code text, cert_number text, version integer)
        where v.cert_type_code = k.cert_type_code and v.issuer_code = k.issuer_code and v.cert_number = k.cert_number
          and v.version = k.version`.execute(trx);
      last = { id, hash };
      after = rows.at(-1);
      blocks++;
      sealed += rows.length;
      if (rows.length < maxVersions) break;
    }
    return { blocks, versions: sealed };
  });
}
