import { sql, type Kysely } from 'kysely';
import { HubError } from '../core/errors.ts';
import { keyOf, type NaturalKey } from './natural-key.ts';
import type { Database } from './database.ts';
import type { StoredCertificate, VersionChange } from './tables/certificates.ts';

/**
 * Set-based statements shared by the loader and by cancelMissing. Each takes a whole
 * chunk as one jsonb parameter and expands it with jsonb_to_recordset, so each statement
 * is one round trip whatever the chunk size and stays far from the 65535 bind-parameter limit.
 */

export interface CertificateHead {
  cert_type_code: string;
  issuer_code: string;
  cert_number: string;
  content_hash: string;
  source_updated_at: Date | null;
  priority: number;
  pipeline: string;
  /** Version of the current row. */
  version: number;
  /** Last version of the chain (can be a superseded one, newer than the current row). */
  head_version: number;
  head_hash: string;
}

/** What identifies a certificate: (cert_type_code, issuer_code, cert_number). */
type Key = NaturalKey;

const KEY_COLUMNS = sql`cert_type_code text, issuer_code text, cert_number text`;

/** Current rows and chain heads for these keys, locked until the transaction ends. */
export async function fetchHeads(db: Kysely<Database>, keys: Key[]): Promise<Map<string, CertificateHead>> {
  const heads = new Map<string, CertificateHead>();
  if (keys.length === 0) return heads;
  const param = JSON.stringify(keys.map((k) => ({ cert_type_code: k.cert_type_code, issuer_code: k.issuer_code, cert_number: k.cert_number })));
  const { rows } = await sql<CertificateHead>`
    select c.cert_type_code, c.issuer_code, c.cert_number, c.content_hash, c.source_updated_at, c.priority,
           c.pipeline, c.version, coalesce(h.version, 0) as head_version, coalesce(h.hash, '') as head_hash
    from jsonb_to_recordset(${param}::jsonb) as k(${KEY_COLUMNS})
    join certificates c
      on c.cert_type_code = k.cert_type_code and c.issuer_code = k.issuer_code and c.cert_number = k.cert_number
    left join lateral (
      select v.version, v.hash from certificate_versions v
      where v.cert_type_code = c.cert_type_code and v.issuer_code = c.issuer_code and v.cert_number = c.cert_number
      order by v.version desc limit 1
    ) h on true
    for update of c`.execute(db);
  for (const row of rows) heads.set(keyOf(row), row);
  return heads;
}

/** Keys (of those given) that already have a superseded version with this content hash. */
export async function supersededAlready(db: Kysely<Database>, candidates: (Key & { content_hash: string })[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const { rows } = await sql<Key>`
    select k.cert_type_code, k.issuer_code, k.cert_number
    from jsonb_to_recordset(${JSON.stringify(candidates)}::jsonb) as k(${KEY_COLUMNS}, content_hash text)
    where exists (
      select 1 from certificate_versions v
      where v.cert_type_code = k.cert_type_code and v.issuer_code = k.issuer_code and v.cert_number = k.cert_number
        and v.change = 'superseded' and v.content_hash = k.content_hash
    )`.execute(db);
  return new Set(rows.map(keyOf));
}

/**
 * Writes the versions that become current — new certificates and winning updates — and
 * their current rows in one statement: one parse of one parameter holding each record
 * once (the current row's columns are read back out of the version's data), the current
 * rows upserted, the replaced versions closed and the new versions appended.
 */
export async function writeCurrentVersions(
  db: Kysely<Database>,
  rows: VersionWrite[],
  batch: { pipeline: string; runId: string; priority: number },
): Promise<void> {
  if (rows.length === 0) return;
  const param = JSON.stringify(rows.map(({ cert_type_code: _t, issuer_code: _i, cert_number: _n, holder_id: _h, ...row }) => row));
  // Writers that fingerprint nothing (a quarantine retry, a catalogue not yet migrated) leave the
  // fingerprint columns alone: a fingerprint counts only while the row holds the content it was made for.
  const fingerprinted = rows.some((r) => r.source_fingerprint !== undefined);
  const fingerprintColumns = fingerprinted ? sql`, source_fingerprint, source_content_hash` : sql``;
  const fingerprintValues = fingerprinted ? sql`, r.source_fingerprint, case when r.source_fingerprint is not null then r.content_hash end` : sql``;
  const fingerprintUpdate = fingerprinted
    ? sql`, source_fingerprint = excluded.source_fingerprint, source_content_hash = excluded.source_content_hash`
    : sql``;
  await sql`
    with r as materialized (
      select * from jsonb_to_recordset(${param}::jsonb) as r(
        version integer, change text, data jsonb, content_hash text, prev_hash text, hash text, closes integer,
        valid_from timestamptz, source_fingerprint text)
    ),
    current_rows as (
      insert into certificates (
        cert_type_code, issuer_code, cert_number, issuer_name, holder_kind, holder_id_type, holder_id, holder_name,
        issued_on, valid_from, valid_until, status, surface, source_updated_at, cert_identifier,
        content_hash, version, pipeline, priority, last_run_id${fingerprintColumns})
      select
        r.data->>'cert_type_code', r.data->>'issuer_code', r.data->>'cert_number', r.data->>'issuer_name',
        r.data->>'holder_kind', r.data->>'holder_id_type', r.data->>'holder_id', r.data->>'holder_name',
        (r.data->>'issued_on')::date, (r.data->>'valid_from')::date, (r.data->>'valid_until')::date, r.data->>'status',
        r.data->'surface', (r.data->>'source_updated_at')::timestamptz, r.data->>'cert_identifier',
        r.content_hash, r.version, ${batch.pipeline}, ${batch.priority}, ${batch.runId}${fingerprintValues}
      from r
      on conflict (cert_type_code, issuer_code, cert_number) do update set
        issuer_name = excluded.issuer_name, holder_kind = excluded.holder_kind, holder_id_type = excluded.holder_id_type,
        holder_id = excluded.holder_id, holder_name = excluded.holder_name, issued_on = excluded.issued_on,
        valid_from = excluded.valid_from, valid_until = excluded.valid_until, status = excluded.status,
        surface = excluded.surface, source_updated_at = excluded.source_updated_at, cert_identifier = excluded.cert_identifier,
        content_hash = excluded.content_hash, version = excluded.version, pipeline = excluded.pipeline,
        priority = excluded.priority, last_run_id = excluded.last_run_id${fingerprintUpdate},
        updated_at = now()
    ),
    closed as (
      update certificate_versions v set valid_to = r.valid_from
      from r
      where r.closes is not null and v.cert_type_code = r.data->>'cert_type_code' and v.issuer_code = r.data->>'issuer_code'
        and v.cert_number = r.data->>'cert_number' and v.version = r.closes and v.valid_to is null
    )
    insert into certificate_versions (
      cert_type_code, issuer_code, cert_number, holder_id, version, change, data, content_hash,
      valid_from, valid_to, run_id, pipeline, prev_hash, hash)
    select r.data->>'cert_type_code', r.data->>'issuer_code', r.data->>'cert_number', r.data->>'holder_id',
      r.version, r.change, r.data, r.content_hash, r.valid_from, null, ${batch.runId}, ${batch.pipeline}, r.prev_hash, r.hash
    from r`.execute(db);
}

/** Marks rows as seen by this run without changing them (replace disposition). */
export async function touchCurrent(db: Kysely<Database>, keys: Key[], runId: string): Promise<void> {
  if (keys.length === 0) return;
  await sql`
    update certificates c set last_run_id = ${runId}
    from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(${KEY_COLUMNS})
    where c.cert_type_code = k.cert_type_code and c.issuer_code = k.issuer_code and c.cert_number = k.cert_number`.execute(db);
}

/** Sets status and hash of current rows in place (used when a source stops listing them). */
export async function restateCurrent(
  db: Kysely<Database>,
  rows: (Key & { status: string; content_hash: string; version: number })[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update certificates c set status = r.status, content_hash = r.content_hash, version = r.version, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${KEY_COLUMNS}, status text, content_hash text, version integer)
    where c.cert_type_code = r.cert_type_code and c.issuer_code = r.issuer_code and c.cert_number = r.cert_number`.execute(db);
}

export interface VersionWrite extends Key {
  holder_id: string;
  version: number;
  change: VersionChange;
  data: StoredCertificate;
  content_hash: string;
  prev_hash: string;
  hash: string;
  /** ISO instant from versionTime(): hashed, and the valid_to of the version this one closes. */
  valid_from: string;
  /** Version that was current until now; its validity ends where this one's begins. */
  closes?: number;
  /** Of a version that becomes current: the fingerprint of the source record it was made from (see recordFingerprint). */
  source_fingerprint?: string;
}

/**
 * The instant versions written in this transaction take effect, from the database clock (one
 * clock for every writer), to the millisecond so that it survives the round trip through a
 * JavaScript Date into the hash unchanged.
 */
export async function versionTime(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ at: Date }>`select date_trunc('milliseconds', now()) as at`.execute(db);
  const at = rows[0]?.at;
  if (at === undefined) throw new HubError('HUB_ERR_INTERNAL', 'the database returned no time for new versions');
  return at.toISOString();
}

/**
 * Appends version rows. A version that becomes current ends the validity of the one it
 * replaces; a superseded version never was current, so its validity is empty.
 */
export async function appendVersions(db: Kysely<Database>, rows: VersionWrite[], pipeline: string, runId: string): Promise<void> {
  if (rows.length === 0) return;
  const closing = rows.filter((r) => r.closes !== undefined).map((r) => ({
    cert_type_code: r.cert_type_code,
    issuer_code: r.issuer_code,
    cert_number: r.cert_number,
    version: r.closes,
    valid_to: r.valid_from,
  }));
  if (closing.length > 0) {
    await sql`
      update certificate_versions v set valid_to = k.valid_to
      from jsonb_to_recordset(${JSON.stringify(closing)}::jsonb) as k(${KEY_COLUMNS}, version integer, valid_to timestamptz)
      where v.cert_type_code = k.cert_type_code and v.issuer_code = k.issuer_code and v.cert_number = k.cert_number
        and v.version = k.version and v.valid_to is null`.execute(db);
  }
  const param = JSON.stringify(rows.map(({ closes: _closes, source_fingerprint: _fingerprint, ...row }) => row));
  await sql`
    insert into certificate_versions (
      cert_type_code, issuer_code, cert_number, holder_id, version, change, data, content_hash,
      valid_from, valid_to, run_id, pipeline, prev_hash, hash)
    select r.cert_type_code, r.issuer_code, r.cert_number, r.holder_id, r.version, r.change, r.data, r.content_hash,
      r.valid_from, case when r.change = 'superseded' then r.valid_from end, ${runId}, ${pipeline}, r.prev_hash, r.hash
    from jsonb_to_recordset(${param}::jsonb) as r(
      ${KEY_COLUMNS}, holder_id text, version integer, change text, data jsonb, content_hash text, prev_hash text, hash text,
      valid_from timestamptz)`.execute(db);
}
