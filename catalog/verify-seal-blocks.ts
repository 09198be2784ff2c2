import { sql, type Kysely } from 'kysely';
import { certificateKey, type ChainBreaks } from './chain-breaks.ts';
import { blockHash, lookupRowHash } from './lookup-log.ts';
import { sealBlockHash, type SealedHead } from './seal-certificate-heads.ts';
import type { Database } from './database.ts';

const BLOCK_PAGE = 500;

export interface BlockChain {
  blocks: number;
  /** Hash of the newest block: an auditor who keeps it elsewhere can later prove nothing before it was rewritten. */
  lastHash: string | null;
}

/** Blocks in id order, a page at a time, with the link checks every block chain shares. */
async function* chainedBlocks<B extends { id: number; prev_hash: string; hash: string }>(
  page: (after: number) => Promise<B[]>,
  table: 'certificate_seal_blocks' | 'lookup_log_blocks',
  breaks: ChainBreaks,
  chain: BlockChain,
): AsyncGenerator<B> {
  let prev = '';
  let after = 0;
  for (;;) {
    const blocks = await page(after);
    for (const block of blocks) {
      chain.blocks++;
      if (block.id !== after + 1) {
        breaks.add({ table, key: { block: after + 1 }, reason: `block ${after + 1} is missing`, expected: String(after + 1), found: String(block.id) });
      } else if (block.prev_hash !== prev) {
        breaks.add({ table, key: { block: block.id }, column: 'prev_hash', reason: 'prev_hash does not match the hash of the previous block', expected: prev, found: block.prev_hash });
      }
      prev = block.hash;
      after = block.id;
      chain.lastHash = block.hash;
      yield block;
    }
    if (blocks.length < BLOCK_PAGE) return;
  }
}

/** The stored [seq, row hash] list, or undefined when it was replaced by something else. */
function rowHashList(value: unknown): [number, string][] | undefined {
  const pair = (e: unknown): e is [number, string] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'number' && typeof e[1] === 'string';
  return Array.isArray(value) && value.every(pair) ? value : undefined;
}

type SealEntry = SealedHead & { v_hash: string | null; v_present: boolean; c_present: boolean };

/**
 * Replays the certificate seal blocks: each block's hash over its heads, and each sealed head
 * against the tables. Versions are never deleted, so every head ever sealed must still be there
 * with the same hash: a chain cut back after sealing (an undone revocation) or a certificate
 * removed with all its versions shows up here, named.
 */
export async function verifyCertificateSeals(db: Kysely<Database>, breaks: ChainBreaks): Promise<BlockChain & { heads: number }> {
  const chain: BlockChain & { heads: number } = { blocks: 0, lastHash: null, heads: 0 };
  const page = (after: number) =>
    db.selectFrom('certificate_seal_blocks').selectAll().where('id', '>', after).orderBy('id').limit(BLOCK_PAGE).execute();
  for await (const block of chainedBlocks(page, 'certificate_seal_blocks', breaks, chain)) {
    const { rows } = await sql<SealEntry>`
      select s.cert_type_code, s.issuer_code, s.cert_number, s.version, s.hash, v.hash as v_hash,
             v.version is not null as v_present, c.cert_number is not null as c_present
      from certificate_seals s
      left join certificate_versions v
        on v.cert_type_code = s.cert_type_code and v.issuer_code = s.issuer_code and v.cert_number = s.cert_number and v.version = s.version
      left join certificates c
        on c.cert_type_code = s.cert_type_code and c.issuer_code = s.issuer_code and c.cert_number = s.cert_number
      where s.block_id = ${block.id}
      order by s.cert_type_code, s.issuer_code, s.cert_number`.execute(db);
    chain.heads += rows.length;
    const key = { block: block.id };
    if (rows.length !== block.head_count) {
      breaks.add({ table: 'certificate_seal_blocks', key, column: 'head_count', reason: 'the block holds a different number of sealed heads', expected: String(block.head_count), found: String(rows.length) });
    }
    const hash = sealBlockHash(block.prev_hash, rows);
    if (hash !== block.hash) breaks.add({ table: 'certificate_seal_blocks', key, column: 'hash', reason: 'hash does not match the heads sealed in the block', expected: hash, found: block.hash });
    for (const head of rows) {
      if (!head.c_present) {
        breaks.add({ table: 'certificates', key: certificateKey(head), reason: `the certificate is missing, though block ${block.id} sealed its version ${head.version}`, expected: head.hash, found: null });
      } else if (!head.v_present) {
        breaks.add({ table: 'certificate_versions', key: certificateKey(head, head.version), reason: `the version is missing, though block ${block.id} sealed it as the newest`, expected: head.hash, found: null });
      } else if (head.v_hash !== head.hash) {
        breaks.add({ table: 'certificate_versions', key: certificateKey(head, head.version), column: 'hash', reason: `hash differs from the one block ${block.id} sealed`, expected: head.hash, found: head.v_hash });
      }
    }
  }
  return chain;
}

/**
 * The lookup-log blocks: each block's hash over its [seq, row hash] list, and that list against
 * the rows now in the block, so an edited, removed or slipped-in row is named by its seq.
 */
export async function verifyLookupBlocks(db: Kysely<Database>, breaks: ChainBreaks): Promise<BlockChain & { rows: number }> {
  const chain: BlockChain & { rows: number } = { blocks: 0, lastHash: null, rows: 0 };
  const page = (after: number) => db.selectFrom('lookup_log_blocks').selectAll().where('id', '>', after).orderBy('id').limit(BLOCK_PAGE).execute();
  for await (const block of chainedBlocks(page, 'lookup_log_blocks', breaks, chain)) {
    const key = { block: block.id };
    const sealed = rowHashList(block.row_hashes);
    if (sealed === undefined) {
      breaks.add({ table: 'lookup_log_blocks', key, column: 'row_hashes', reason: 'row_hashes is not a list of [seq, hash] pairs', expected: null, found: JSON.stringify(block.row_hashes) });
      continue;
    }
    const hash = blockHash(block.prev_hash, sealed);
    if (hash !== block.hash) breaks.add({ table: 'lookup_log_blocks', key, column: 'hash', reason: 'hash does not match the row hashes sealed in the block', expected: hash, found: block.hash });
    const bounds: [string, number, number | undefined][] = [
      ['row_count', block.row_count, sealed.length],
      ['first_seq', block.first_seq, sealed[0]?.[0]],
      ['last_seq', block.last_seq, sealed.at(-1)?.[0]],
    ];
    for (const [column, stored, fromList] of bounds) {
      if (stored !== fromList) breaks.add({ table: 'lookup_log_blocks', key, column, reason: `${column} does not match the rows sealed in the block`, expected: String(fromList), found: String(stored) });
    }
    const bySeq = new Map(sealed);
    const rows = await db.selectFrom('lookup_log').selectAll().where('block_id', '=', block.id).orderBy('seq').execute();
    chain.rows += rows.length;
    for (const row of rows) {
      const expected = bySeq.get(row.seq);
      const actual = lookupRowHash(row);
      bySeq.delete(row.seq);
      if (expected === undefined) breaks.add({ table: 'lookup_log', key: { seq: row.seq }, column: 'block_id', reason: `the row says block ${block.id}, which did not seal it`, expected: null, found: actual });
      else if (expected !== actual) breaks.add({ table: 'lookup_log', key: { seq: row.seq }, reason: `the row differs from what block ${block.id} sealed`, expected, found: actual });
    }
    for (const [seq, expected] of bySeq) {
      breaks.add({ table: 'lookup_log', key: { seq }, reason: `the row is missing, though block ${block.id} sealed it`, expected, found: null });
    }
  }
  return chain;
}
