import { sql, type Kysely } from 'kysely';
import { maskId } from '../core/log.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import { certificateKey, instantText, type ChainBreaks } from './chain-breaks.ts';
import { storedFromRow } from './stored-certificate.ts';
import type { Database } from './database.ts';
import type { CertificateRow, CertificateVersionRow, StoredCertificate } from './tables/certificates.ts';
import { versionHash } from './version-hash.ts';

const PAGE = 5000;

type Cursor = [string, string, string, number];

/** The columns a version row repeats from its data, so they must agree with it. */
const REPEATED = ['cert_type_code', 'issuer_code', 'cert_number', 'holder_id'] as const;

/**
 * Every version chain, link by link, paged in key order: numbering without gaps, key columns
 * equal to the data, prev_hash, hash (version, change, run, pipeline, valid_from, data) and
 * content hash; and the validity intervals. valid_to is outside the hash (it is written when
 * the next version closes this one), so it is held to the hashed valid_from of that next
 * version: a version that was current until version n+k has valid_to = valid_from of n+k, the
 * newest current one has none, and a superseded version, never current, has an empty interval.
 */
export async function verifyVersions(db: Kysely<Database>, breaks: ChainBreaks): Promise<number> {
  let after: Cursor | undefined;
  let current: string | undefined;
  let expected = 1;
  let prev = '';
  let open: CertificateVersionRow | undefined;
  let versions = 0;
  const closeChain = () => {
    if (open !== undefined && open.valid_to !== null) {
      breaks.add({
        table: 'certificate_versions',
        key: certificateKey(open, open.version),
        column: 'valid_to',
        reason: 'the version is closed but no later version replaces it (a newer version was removed?)',
        expected: null,
        found: instantText(open.valid_to),
      });
    }
    open = undefined;
  };
  for (;;) {
    const page = after === undefined ? sql`true` : sql`(cert_type_code, issuer_code, cert_number, version) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`;
    const { rows } = await sql<CertificateVersionRow>`
      select * from certificate_versions where ${page}
      order by cert_type_code, issuer_code, cert_number, version limit ${PAGE}`.execute(db);
    for (const row of rows) {
      versions++;
      const key = JSON.stringify([row.cert_type_code, row.issuer_code, row.cert_number]);
      if (key !== current) {
        closeChain();
        current = key;
        expected = 1;
        prev = '';
      }
      const at = certificateKey(row, row.version);
      let gap = false;
      if (row.version !== expected) {
        breaks.add({ table: 'certificate_versions', key: certificateKey(row, expected), column: 'version', reason: `version ${expected} is missing`, expected: String(expected), found: String(row.version) });
        gap = true;
      }
      // jsonb can hold a bare null or scalar: read it as an object without those columns.
      const data: Partial<StoredCertificate> = typeof row.data === 'object' && row.data !== null ? row.data : {};
      for (const column of REPEATED) {
        if (row[column] !== data[column]) {
          breaks.add({ table: 'certificate_versions', key: at, column, reason: `${column} differs from the version data`, expected: shown(column, data[column]), found: shown(column, row[column]) });
        }
      }
      // After a gap the previous link is gone, so prev_hash cannot match: the gap is the finding.
      if (!gap && row.prev_hash !== prev) {
        breaks.add({ table: 'certificate_versions', key: at, column: 'prev_hash', reason: 'prev_hash does not match the hash of the previous version', expected: prev, found: row.prev_hash });
      }
      const hash = versionHash(row);
      if (row.hash !== hash) {
        breaks.add({ table: 'certificate_versions', key: at, column: 'hash', reason: 'hash does not match the version (number, change, run_id, pipeline, valid_from or data)', expected: hash, found: row.hash });
      }
      const content = sha256Hex(canonicalJson(row.data));
      if (row.content_hash !== content) {
        breaks.add({ table: 'certificate_versions', key: at, column: 'content_hash', reason: 'content_hash does not match the version data', expected: content, found: row.content_hash });
      }
      if (row.change === 'superseded') {
        if (row.valid_to?.getTime() !== row.valid_from.getTime()) {
          breaks.add({ table: 'certificate_versions', key: at, column: 'valid_to', reason: 'a superseded version was never current: valid_to must equal valid_from', expected: instantText(row.valid_from), found: instantText(row.valid_to) });
        }
      } else {
        if (open !== undefined && open.valid_to?.getTime() !== row.valid_from.getTime()) {
          breaks.add({
            table: 'certificate_versions',
            key: certificateKey(open, open.version),
            column: 'valid_to',
            reason: `valid_to must equal valid_from of version ${row.version}, which replaced it`,
            expected: instantText(row.valid_from),
            found: instantText(open.valid_to),
          });
        }
        open = row;
      }
      prev = row.hash;
      expected = row.version + 1;
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) {
      closeChain();
      return versions;
    }
    after = [last.cert_type_code, last.issuer_code, last.cert_number, last.version];
  }
}

type CurrentWithVersion = CertificateRow & {
  v_present: boolean;
  v_data: Partial<StoredCertificate> | null;
  v_content_hash: string | null;
  v_change: string | null;
  v_valid_to: Date | null;
  v_pipeline: string | null;
};

const STORED_FIELDS: (keyof StoredCertificate)[] = [
  'cert_type_code', 'cert_number', 'issuer_code', 'issuer_name', 'holder_kind', 'holder_id_type', 'holder_id',
  'holder_name', 'issued_on', 'valid_from', 'valid_until', 'status', 'surface', 'source_updated_at', 'cert_identifier',
];

/** Values as a report may show them: identity numbers and names of holders masked. */
function shown(column: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : canonicalJson(value);
  if (column === 'holder_id') return maskId(text);
  if (column === 'holder_name') return text.slice(0, 1) + '*'.repeat(Math.max(text.length - 1, 0));
  return text;
}

/**
 * Every current row, column by column, against the version it points at, which must be the
 * newest version that became current (not superseded, not closed). Columns not checked:
 * last_run_id (a full-snapshot run marks rows it saw unchanged without writing a version),
 * priority (pipeline configuration, not recorded with versions), source_fingerprint and
 * source_content_hash (what the next sync may skip, not certificate content), created_at and
 * updated_at (bookkeeping).
 */
export async function verifyCurrentRows(db: Kysely<Database>, breaks: ChainBreaks): Promise<number> {
  let after: [string, string, string] | undefined;
  let checked = 0;
  for (;;) {
    const page = after === undefined ? sql`true` : sql`(c.cert_type_code, c.issuer_code, c.cert_number) > (${after[0]}, ${after[1]}, ${after[2]})`;
    const { rows } = await sql<CurrentWithVersion>`
      select c.*, v.version is not null as v_present, v.data as v_data, v.content_hash as v_content_hash, v.change as v_change, v.valid_to as v_valid_to,
             v.pipeline as v_pipeline
      from certificates c
      left join certificate_versions v
        on v.cert_type_code = c.cert_type_code and v.issuer_code = c.issuer_code and v.cert_number = c.cert_number and v.version = c.version
      where ${page}
      order by c.cert_type_code, c.issuer_code, c.cert_number limit ${PAGE}`.execute(db);
    for (const row of rows) {
      checked++;
      const key = certificateKey(row);
      const found = (column: string, reason: string, expected: string | null, actual: string | null) =>
        breaks.add({ table: 'certificates', key, column, reason, expected, found: actual });
      if (!row.v_present) {
        found('version', `the version it points at (${row.version}) is missing`, null, String(row.version));
        continue;
      }
      const data = typeof row.v_data === 'object' && row.v_data !== null ? row.v_data : {};
      if (row.v_change === 'superseded') found('version', `points at version ${row.version}, which was superseded and never current`, null, String(row.version));
      else if (row.v_valid_to !== null) found('version', `points at version ${row.version}, which a later version replaced`, null, String(row.version));
      const stored = storedFromRow(row);
      for (const field of STORED_FIELDS) {
        if (canonicalJson(stored[field]) !== canonicalJson(data[field])) {
          found(field, `differs from version ${row.version}`, shown(field, data[field]), shown(field, stored[field]));
        }
      }
      if (row.content_hash !== row.v_content_hash) found('content_hash', `differs from version ${row.version}`, row.v_content_hash, row.content_hash);
      if (row.pipeline !== row.v_pipeline) found('pipeline', `differs from version ${row.version}`, row.v_pipeline, row.pipeline);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return checked;
    after = [last.cert_type_code, last.issuer_code, last.cert_number];
  }
}
