import { sql, type Kysely } from 'kysely';
import { chainHash } from '../canonical-json.ts';
import { blockHash, lookupRowHashes } from '../lookup-log.ts';
import type { LookupLogRow } from '../tables/lookup-log.ts';
import type { StoredCertificate, VersionChange } from '../tables/certificates.ts';
import { versionHash } from '../version-hash.ts';

/**
 * Tamper evidence over every column. Version hashes now cover the version number, change,
 * run, pipeline and valid_from besides the data, lookup-log blocks hash every column of their
 * rows (and keep a hash per row), and the heads of the certificate chains get sealed blocks of
 * their own. Existing chains are re-chained once under the new rules; a row in chain_events
 * records it, with every link that did not verify under the old rules before it was re-chained,
 * so that re-chaining never hides an earlier alteration. One statement per entry (PGlite).
 */
const UP = [
  `create table chain_events (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    kind text not null,
    details jsonb not null
  )`,
  `create table certificate_seal_blocks (
    id bigint primary key,
    head_count integer not null constraint certificate_seal_blocks_head_count_check check (head_count > 0),
    prev_hash text not null,
    hash text not null,
    sealed_at timestamptz not null default now()
  )`,
  `create table certificate_seals (
    block_id bigint not null references certificate_seal_blocks (id),
    cert_type_code text not null,
    issuer_code text not null,
    cert_number text not null,
    version integer not null,
    hash text not null,
    constraint certificate_seals_pkey primary key (block_id, cert_type_code, issuer_code, cert_number)
  )`,
  `alter table certificate_versions add column sealed_in bigint`,
  `create index certificate_versions_unsealed_idx on certificate_versions (cert_type_code, issuer_code, cert_number, version) where sealed_in is null`,
  `alter table lookup_log_blocks add column row_hashes jsonb`,
];

const AFTER_RECHAIN = [`alter table lookup_log_blocks alter column row_hashes set not null`];

const DOWN = [
  `alter table lookup_log_blocks drop column row_hashes`,
  `drop index certificate_versions_unsealed_idx`,
  `alter table certificate_versions drop column sealed_in`,
  `drop table certificate_seals`,
  `drop table certificate_seal_blocks`,
  `drop table chain_events`,
];

const PAGE = 5000;
/** Links that failed the old rules are listed up to this many; all are counted. */
const LISTED = 100;

interface OldVersion {
  cert_type_code: string;
  issuer_code: string;
  cert_number: string;
  version: number;
  change: VersionChange;
  data: StoredCertificate;
  run_id: string;
  pipeline: string;
  valid_from: Date;
  prev_hash: string;
  hash: string;
}

type Rehash = (row: OldVersion, prev: string) => string;

/** The rule before this migration: the previous hash and the data, nothing else. */
const dataOnlyHash: Rehash = (row, prev) => chainHash(prev, row.data);
const fullHash: Rehash = (row, prev) => versionHash({ ...row, prev_hash: prev });

interface Rechained {
  links: number;
  failed: number;
  listed: unknown[];
}

/**
 * Walks every version chain in key order, checks each link under `oldHash` and rewrites its
 * prev_hash and hash under `newHash`. valid_from and valid_to are cut to the millisecond, the
 * precision the hash carries (a version and the one that closed it held the same transaction
 * time, so they stay equal).
 */
async function rechainVersions(db: Kysely<unknown>, oldHash: Rehash, newHash: Rehash): Promise<Rechained> {
  const done: Rechained = { links: 0, failed: 0, listed: [] };
  let after: [string, string, string, number] | undefined;
  let current = '';
  let oldPrev = '';
  let newPrev = '';
  for (;;) {
    const page = after === undefined ? sql`true` : sql`(cert_type_code, issuer_code, cert_number, version) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`;
    const { rows } = await sql<OldVersion>`
      select cert_type_code, issuer_code, cert_number, version, change, data, run_id, pipeline,
             date_trunc('milliseconds', valid_from) as valid_from, prev_hash, hash
      from certificate_versions where ${page}
      order by cert_type_code, issuer_code, cert_number, version limit ${PAGE}`.execute(db);
    const updates: { cert_type_code: string; issuer_code: string; cert_number: string; version: number; prev_hash: string; hash: string }[] = [];
    for (const row of rows) {
      const key = JSON.stringify([row.cert_type_code, row.issuer_code, row.cert_number]);
      if (key !== current) {
        current = key;
        oldPrev = '';
        newPrev = '';
      }
      done.links++;
      if (row.prev_hash !== oldPrev || row.hash !== oldHash(row, oldPrev)) {
        done.failed++;
        if (done.listed.length < LISTED) done.listed.push({ cert_type_code: row.cert_type_code, issuer_code: row.issuer_code, cert_number: row.cert_number, version: row.version });
      }
      const hash = newHash(row, newPrev);
      updates.push({ cert_type_code: row.cert_type_code, issuer_code: row.issuer_code, cert_number: row.cert_number, version: row.version, prev_hash: newPrev, hash });
      oldPrev = row.hash;
      newPrev = hash;
    }
    if (updates.length > 0) {
      await sql`
        update certificate_versions v set prev_hash = u.prev_hash, hash = u.hash,
          valid_from = date_trunc('milliseconds', v.valid_from), valid_to = date_trunc('milliseconds', v.valid_to)
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
          as u(cert_type_code text, issuer_code text, cert_number text, version integer, prev_hash text, hash text)
        where v.cert_type_code = u.cert_type_code and v.issuer_code = u.issuer_code and v.cert_number = u.cert_number
          and v.version = u.version`.execute(db);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return done;
    after = [last.cert_type_code, last.issuer_code, last.cert_number, last.version];
  }
}

interface BlockRow {
  id: number;
  prev_hash: string;
  hash: string;
}

/** The lookup-log block rule before this migration: a fixed list of columns, nulls included. */
function namedColumnsHash(prev: string, rows: LookupLogRow[]): string {
  return chainHash(
    prev,
    rows.map((row) => ({
      seq: row.seq,
      at: row.at.toISOString(),
      client_id: row.client_id,
      purpose: row.purpose,
      kind: row.kind,
      matter_code: row.matter_code,
      holder_hash: row.holder_hash,
      result: row.result,
    })),
  );
}

/** Blocks one by one in id order: each checked under the old rule, then re-hashed with its row hashes. */
async function rechainLookupLog(db: Kysely<unknown>, toNew: boolean): Promise<Rechained> {
  const done: Rechained = { links: 0, failed: 0, listed: [] };
  let oldPrev = '';
  let newPrev = '';
  let after = 0;
  for (;;) {
    const { rows: blocks } = await sql<BlockRow>`
      select id, prev_hash, hash from lookup_log_blocks where id > ${after} order by id limit ${PAGE}`.execute(db);
    for (const block of blocks) {
      const { rows } = await sql<LookupLogRow>`select * from lookup_log where block_id = ${block.id} order by seq`.execute(db);
      const rowHashes = lookupRowHashes(rows);
      const oldHash = toNew ? namedColumnsHash(oldPrev, rows) : blockHash(oldPrev, rowHashes);
      done.links++;
      if (block.prev_hash !== oldPrev || block.hash !== oldHash) {
        done.failed++;
        if (done.listed.length < LISTED) done.listed.push({ block: block.id });
      }
      const hash = toNew ? blockHash(newPrev, rowHashes) : namedColumnsHash(newPrev, rows);
      const rowHashesSet = toNew ? sql`, row_hashes = ${JSON.stringify(rowHashes)}::jsonb` : sql``;
      await sql`update lookup_log_blocks set prev_hash = ${newPrev}, hash = ${hash}${rowHashesSet} where id = ${block.id}`.execute(db);
      oldPrev = block.hash;
      newPrev = hash;
    }
    const last = blocks.at(-1);
    if (last === undefined || blocks.length < PAGE) return done;
    after = last.id;
  }
}

// Migrations run before the typed schema exists, so they take an untyped instance.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
  const versions = await rechainVersions(db, dataOnlyHash, fullHash);
  const blocks = await rechainLookupLog(db, true);
  for (const statement of AFTER_RECHAIN) await sql.raw(statement).execute(db);
  const details = {
    rule: 'version hash over version, change, run_id, pipeline, valid_from and data; lookup-log blocks over every column of their rows',
    certificate_versions: { rechained: versions.links, failed_old_rule: versions.failed, failed_listed: versions.listed },
    lookup_log_blocks: { rechained: blocks.links, failed_old_rule: blocks.failed, failed_listed: blocks.listed },
  };
  await sql`insert into chain_events (kind, details) values ('rechained', ${JSON.stringify(details)}::jsonb)`.execute(db);
}

/** Back to the data-only version hash and the old block hash, re-chained the same way. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await rechainVersions(db, fullHash, dataOnlyHash);
  await rechainLookupLog(db, false);
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
