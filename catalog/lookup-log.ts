import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { canonicalJson, chainHash, sha256Hex } from './canonical-json.ts';
import { inTransaction } from './in-transaction.ts';
import type { Database } from './database.ts';
import type { LookupKind, LookupLogRow } from './tables/lookup-log.ts';

/**
 * Append-only lookup log, hash-chained without a global lock: lookups only append rows
 * (numbered by a sequence, many per insert); a sealer later folds the unsealed rows, in
 * sequence order, into blocks whose hash covers the previous block's hash and the rows.
 */

export interface LookupEntry {
  clientId: string;
  /** 查询事由, as given by the caller. */
  purpose: string;
  kind: LookupKind;
  matterCode?: string | null;
  /** From holderHash(); never the raw holder id. */
  holderHash?: string | null;
  /** A summary of the answer (counts, certificate keys), not the personal data itself. */
  result: unknown;
  /** 经办人 and 办件编号 of a check, when the caller gave them. */
  operator?: string | null;
  caseNo?: string | null;
  /** Receipts issued with the answer: receipt id → sha-256 of the token. */
  receipts?: Record<string, string> | null;
}

/** Keyed hash of a holder id: lets an auditor match a known id against the log without the log revealing ids. */
export function holderHash(secret: string, holderId: string): string {
  return createHmac('sha256', secret).update(holderId).digest('hex');
}

const APPEND_CHUNK = 5000;

/** Inserts the entries (one multi-row insert per 5,000) and returns their sequence numbers in order. */
export async function appendLookups(db: Kysely<Database>, entries: LookupEntry[]): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < entries.length; i += APPEND_CHUNK) {
    const rows = entries.slice(i, i + APPEND_CHUNK).map((e) => ({
      client_id: e.clientId,
      purpose: e.purpose,
      kind: e.kind,
      matter_code: e.matterCode ?? null,
      holder_hash: e.holderHash ?? null,
      result: JSON.stringify(e.result ?? null),
      operator: e.operator ?? null,
      case_no: e.caseNo ?? null,
      receipts: e.receipts == null ? null : JSON.stringify(e.receipts),
    }));
    const inserted = await db.insertInto('lookup_log').values(rows).returning('seq').execute();
    seqs.push(...inserted.map((r) => r.seq).sort((a, b) => a - b));
  }
  return seqs;
}

/**
 * Hash of one row: the canonical JSON of all its columns but block_id (set when it is sealed),
 * with null columns left out, so that a nullable column added to the table later leaves the
 * hashes of rows written before it unchanged while every column a row does fill is covered.
 */
export function lookupRowHash(row: LookupLogRow): string {
  const covered: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column !== 'block_id' && value !== null && value !== undefined) covered[column] = value;
  }
  return sha256Hex(canonicalJson(covered));
}

/** [seq, row hash] per row, in seq order: what a block seals. */
export function lookupRowHashes(rows: LookupLogRow[]): [number, string][] {
  return rows.map((row) => [row.seq, lookupRowHash(row)]);
}

/** A block's hash: the previous block's hash followed by the [seq, row hash] list of its rows. */
export function blockHash(prevHash: string, rowHashes: [number, string][]): string {
  return chainHash(prevHash, rowHashes);
}

/**
 * Seals every unsealed row into blocks of at most `maxRows`. Sealers exclude each other
 * through a table lock on the blocks; appenders are never blocked. A row whose insert
 * commits after a later sequence number was sealed simply lands in the next block.
 */
export async function sealLookupLog(db: Kysely<Database>, options: { maxRows?: number } = {}): Promise<{ blocks: number; rows: number }> {
  const maxRows = options.maxRows ?? 10_000;
  return inTransaction(db, async (trx) => {
    await sql`lock table lookup_log_blocks in exclusive mode`.execute(trx);
    let last = await trx.selectFrom('lookup_log_blocks').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    let blocks = 0;
    let sealed = 0;
    for (;;) {
      const rows = await trx.selectFrom('lookup_log').selectAll().where('block_id', 'is', null).orderBy('seq').limit(maxRows).execute();
      const first = rows[0];
      const end = rows.at(-1);
      if (first === undefined || end === undefined) break;
      const id = (last?.id ?? 0) + 1;
      const prev = last?.hash ?? '';
      const rowHashes = lookupRowHashes(rows);
      const hash = blockHash(prev, rowHashes);
      await trx
        .insertInto('lookup_log_blocks')
        .values({ id, first_seq: first.seq, last_seq: end.seq, row_count: rows.length, prev_hash: prev, hash, row_hashes: JSON.stringify(rowHashes) })
        .execute();
      await trx.updateTable('lookup_log').set({ block_id: id }).where('seq', 'in', rows.map((r) => r.seq)).execute();
      last = { id, hash };
      blocks++;
      sealed += rows.length;
      if (rows.length < maxRows) break;
    }
    return { blocks, rows: sealed };
  });
}

/** In sequence order, oldest first unless `newestFirst`; `holderHash` finds one holder's lookups. */
export async function readLookups(
  db: Kysely<Database>,
  filter: { clientId?: string; since?: Date; holderHash?: string; limit?: number; newestFirst?: boolean } = {},
): Promise<LookupLogRow[]> {
  let q = db.selectFrom('lookup_log').selectAll();
  if (filter.clientId !== undefined) q = q.where('client_id', '=', filter.clientId);
  if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
  if (filter.holderHash !== undefined) q = q.where('holder_hash', '=', filter.holderHash);
  return q.orderBy('seq', filter.newestFirst ? 'desc' : 'asc').limit(filter.limit ?? 100).execute();
}
