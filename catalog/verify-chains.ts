import { sql, type Kysely } from 'kysely';
import { canonicalJson, chainHash, sha256Hex } from './canonical-json.ts';
import { blockHash } from './lookup-log.ts';
import { contentHash, storedFromRow, type CertificateKey } from './stored-certificate.ts';
import type { Database } from './database.ts';
import type { CertificateRow, CertificateVersionRow } from './tables/certificates.ts';

export interface CertificateBreak {
  key: CertificateKey;
  version: number;
  reason: string;
}

export interface BlockBreak {
  block: number;
  reason: string;
}

export interface ChainReport {
  ok: boolean;
  certificates: { checked: number; versions: number; broken?: CertificateBreak };
  lookupLog: { blocks: number; rows: number; broken?: BlockBreak; unsealed: { rows: number; oldestAt: Date | null } };
}

const PAGE = 5000;

type Cursor = [string, string, string, number];

function reportedKey(row: { cert_type_code: string; issuer_code: string; cert_number: string }): CertificateKey {
  return { typeCode: row.cert_type_code, issuerCode: row.issuer_code, number: row.cert_number };
}

/** Every version chain, link by link: numbering without gaps, prev_hash, hash and content hash. */
async function verifyVersions(db: Kysely<Database>): Promise<{ versions: number; broken?: CertificateBreak }> {
  let after: Cursor | undefined;
  let current: string | undefined;
  let expected = 1;
  let prev = '';
  let versions = 0;
  for (;;) {
    const page = after === undefined ? sql`true` : sql`(cert_type_code, issuer_code, cert_number, version) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`;
    const { rows } = await sql<CertificateVersionRow>`
      select * from certificate_versions where ${page}
      order by cert_type_code, issuer_code, cert_number, version limit ${PAGE}`.execute(db);
    for (const row of rows) {
      versions++;
      const key = JSON.stringify([row.cert_type_code, row.issuer_code, row.cert_number]);
      if (key !== current) {
        current = key;
        expected = 1;
        prev = '';
      }
      const fail = (version: number, reason: string) => ({ versions, broken: { key: reportedKey(row), version, reason } });
      if (row.version !== expected) return fail(expected, `version ${expected} is missing`);
      if (row.prev_hash !== prev) return fail(row.version, 'prev_hash does not match the hash of the previous version');
      if (row.hash !== chainHash(row.prev_hash, row.data)) return fail(row.version, 'hash does not match the version data');
      if (row.content_hash !== sha256Hex(canonicalJson(row.data))) return fail(row.version, 'content_hash does not match the version data');
      prev = row.hash;
      expected++;
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return { versions };
    after = [last.cert_type_code, last.issuer_code, last.cert_number, last.version];
  }
}

type CurrentWithVersion = CertificateRow & { v_content_hash: string | null; v_change: string | null };

/** Every current row against its own content hash and the version it claims to come from. */
async function verifyCurrentRows(db: Kysely<Database>): Promise<{ checked: number; broken?: CertificateBreak }> {
  let after: [string, string, string] | undefined;
  let checked = 0;
  for (;;) {
    const page = after === undefined ? sql`true` : sql`(c.cert_type_code, c.issuer_code, c.cert_number) > (${after[0]}, ${after[1]}, ${after[2]})`;
    const { rows } = await sql<CurrentWithVersion>`
      select c.*, v.content_hash as v_content_hash, v.change as v_change
      from certificates c
      left join certificate_versions v
        on v.cert_type_code = c.cert_type_code and v.issuer_code = c.issuer_code and v.cert_number = c.cert_number and v.version = c.version
      where ${page}
      order by c.cert_type_code, c.issuer_code, c.cert_number limit ${PAGE}`.execute(db);
    for (const row of rows) {
      checked++;
      const fail = (reason: string) => ({ checked, broken: { key: reportedKey(row), version: row.version, reason } });
      if (row.v_content_hash === null) return fail(`current version ${row.version} is missing`);
      if (row.v_change === 'superseded') return fail(`current row points at superseded version ${row.version}`);
      if (row.content_hash !== contentHash(storedFromRow(row))) return fail('current row does not match its content_hash');
      if (row.content_hash !== row.v_content_hash) return fail(`current row differs from version ${row.version}`);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return { checked };
    after = [last.cert_type_code, last.issuer_code, last.cert_number];
  }
}

/** Sealed blocks: consecutive ids, prev_hash links, and the hash over each block's rows. */
async function verifyBlocks(db: Kysely<Database>): Promise<{ blocks: number; rows: number; broken?: BlockBreak }> {
  const blocks = await db.selectFrom('lookup_log_blocks').selectAll().orderBy('id').execute();
  let prev = '';
  let rowsChecked = 0;
  for (const [i, block] of blocks.entries()) {
    const fail = (reason: string) => ({ blocks: i + 1, rows: rowsChecked, broken: { block: block.id, reason } });
    if (block.id !== i + 1) return fail(`block ${i + 1} is missing`);
    if (block.prev_hash !== prev) return fail('prev_hash does not match the hash of the previous block');
    const rows = await db.selectFrom('lookup_log').selectAll().where('block_id', '=', block.id).orderBy('seq').execute();
    rowsChecked += rows.length;
    if (rows.length !== block.row_count) return fail(`block holds ${rows.length} rows, sealed with ${block.row_count}`);
    if (rows[0]?.seq !== block.first_seq || rows.at(-1)?.seq !== block.last_seq) return fail('first or last row of the block is missing');
    if (blockHash(block.prev_hash, rows) !== block.hash) return fail('hash does not match the rows of the block');
    prev = block.hash;
  }
  return { blocks: blocks.length, rows: rowsChecked };
}

/**
 * Recomputes every certificate's version chain and every sealed lookup-log block. Rows
 * not sealed yet cannot be verified; their number and age are reported instead.
 */
export async function verifyChains(db: Kysely<Database>): Promise<ChainReport> {
  const versions = await verifyVersions(db);
  const current = await verifyCurrentRows(db);
  const blocks = await verifyBlocks(db);
  const tail = await db
    .selectFrom('lookup_log')
    .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.min('at').as('oldest')])
    .where('block_id', 'is', null)
    .executeTakeFirstOrThrow();
  const certBroken = versions.broken ?? current.broken;
  const report: ChainReport = {
    ok: certBroken === undefined && blocks.broken === undefined,
    certificates: { checked: current.checked, versions: versions.versions },
    lookupLog: { blocks: blocks.blocks, rows: blocks.rows, unsealed: { rows: Number(tail.rows), oldestAt: tail.oldest ?? null } },
  };
  if (certBroken !== undefined) report.certificates.broken = certBroken;
  if (blocks.broken !== undefined) report.lookupLog.broken = blocks.broken;
  return report;
}
