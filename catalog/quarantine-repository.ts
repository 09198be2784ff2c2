import { sql, type Kysely, type RawBuilder } from 'kysely';
import { HubError } from '../core/errors.ts';
import type { QuarantineReason } from '../schemas/types.ts';
import { sha256Hex } from './canonical-json.ts';
import { inTransaction } from './in-transaction.ts';
import type { Database } from './database.ts';
import type { QuarantineResolution, QuarantineRow } from './tables/quarantine.ts';

export interface QuarantineInsert {
  /** Line or record number in the source, when it has one. */
  line: number | null;
  /** The record as read, kept so it can be fixed and retried. */
  raw: unknown;
  reason: QuarantineReason;
  /** JSON path of the offending field. */
  path: string | null;
  message: string;
  details?: unknown;
  /** See naturalKeyOf: null when it could not be read. */
  naturalKey?: string | null;
  /** The source's column names in header order. */
  columns?: string[];
}

/** A record that failed a retry: it stays quarantined under its id, with the verdict it gets now. */
interface Requarantined {
  id: number;
  reason: QuarantineReason;
  path: string | null;
  message: string;
  details?: unknown;
  naturalKey?: string | null;
}

/** What one batch does to the quarantine, inside the batch's transaction. */
export interface QuarantineBatch {
  runId: string;
  pipeline: string;
  /** Records this batch rejected. */
  quarantine: QuarantineInsert[];
  /** Natural keys of the records this batch loaded: open rows of those keys from earlier runs are `reloaded`. */
  loadedKeys: string[];
  /** A retry run instead resolves exactly the rows it loaded (`retried`) and gives the rest their current verdict. */
  retry?: { fixed: number[]; failing: Requarantined[] } | undefined;
}

export interface QuarantineFilter {
  pipeline?: string | undefined;
  reason?: QuarantineReason | undefined;
  unresolvedOnly?: boolean | undefined;
  limit?: number | undefined;
}

/** Oldest first, so a retry works through records in source order. */
export async function listQuarantine(db: Kysely<Database>, filter: QuarantineFilter = {}): Promise<QuarantineRow[]> {
  let q = db.selectFrom('quarantine').selectAll();
  if (filter.pipeline !== undefined) q = q.where('pipeline', '=', filter.pipeline);
  if (filter.reason !== undefined) q = q.where('reason', '=', filter.reason);
  if (filter.unresolvedOnly) q = q.where('resolved_at', 'is', null);
  return q.orderBy('id').limit(filter.limit ?? 100).execute();
}

export async function getQuarantine(db: Kysely<Database>, id: number): Promise<QuarantineRow | undefined> {
  return db.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
}

type Resolution = { kind: Exclude<QuarantineResolution, 'dismissed'>; runId: string } | { kind: 'dismissed'; note: string };

/** Closes open rows by id; rows already closed keep their first resolution. Returns the ids it closed. */
export async function resolveQuarantine(db: Kysely<Database>, ids: number[], resolution: Resolution): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('quarantine')
    .set({
      resolved_at: sql<Date>`now()`,
      resolution: resolution.kind,
      resolved_run_id: resolution.kind === 'dismissed' ? null : resolution.runId,
      resolution_note: resolution.kind === 'dismissed' ? resolution.note : null,
    })
    .where('id', 'in', ids)
    .where('resolved_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * Closes quarantined records by hand, e.g. ones the department withdrew. All or nothing: an
 * unknown id changes nothing. Rows already closed are left as they are and reported.
 */
export async function dismissQuarantine(
  db: Kysely<Database>,
  ids: number[],
  note: string,
): Promise<{ dismissed: number[]; already_resolved: number[] }> {
  const reason = note.trim();
  if (reason === '') throw new HubError('HUB_ERR_USAGE', 'a dismissal needs a reason (--reason "…")');
  if (ids.length === 0) throw new HubError('HUB_ERR_USAGE', 'name at least one quarantine id to dismiss');
  return inTransaction(db, async (trx) => {
    const found = await trx.selectFrom('quarantine').select('id').where('id', 'in', ids).forUpdate().execute();
    const known = new Set(found.map((r) => Number(r.id)));
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    if (missing.length > 0) throw new HubError('HUB_ERR_NOT_FOUND', `no quarantined record with id ${missing.join(', ')}; nothing dismissed`, { ids: missing });
    const dismissed = await resolveQuarantine(trx, ids, { kind: 'dismissed', note: reason });
    const closed = new Set(dismissed);
    return { dismissed, already_resolved: [...known].filter((id) => !closed.has(id)).sort((a, b) => a - b) };
  });
}

/** jsonb refuses U+0000; a raw payload from a badly encoded source may contain it and must still be kept. */
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k) as string, withoutNul(v)]));
  }
  return value;
}

interface IncomingRow {
  line: number | null;
  raw: unknown;
  payload_hash: string;
  natural_key: string | null;
  reason: QuarantineReason;
  path: string | null;
  message: string;
  details: unknown;
  source_columns: string[] | null;
}

interface EarlierRow {
  id: number;
  line: number | null;
  payload_hash: string;
  natural_key: string | null;
  dismissed: boolean;
}

/**
 * Rows of earlier runs of the pipeline, open or dismissed, whose `column` is one of `values`. One
 * index probe per value: the condition is written as the array expression of quarantine_record_idx,
 * quarantine_natural_key_idx or quarantine_dismissed_idx, so no other index fits it, and the lateral
 * subquery is fenced with `offset 0` so the planner cannot turn it into a hash over every row of the
 * pipeline.
 */
function earlierRowsBy(
  runId: string,
  pipeline: string,
  column: 'payload_hash' | 'natural_key',
  values: string[],
  state: 'open' | 'dismissed',
): RawBuilder<EarlierRow> {
  const condition =
    state === 'dismissed' ? sql`resolution = 'dismissed'` : column === 'natural_key' ? sql`resolved_at is null and natural_key is not null` : sql`resolved_at is null`;
  return sql<EarlierRow>`
    select o.id, o.line, o.payload_hash, o.natural_key, ${sql.lit(state === 'dismissed')} as dismissed
    from jsonb_array_elements_text(${JSON.stringify([...new Set(values)])}::jsonb) as v(value)
    cross join lateral (
      select id, line, payload_hash, natural_key from quarantine
      where array[pipeline, ${sql.ref(column)}] = array[${pipeline}, v.value] and ${condition} and run_id <> ${runId}
      offset 0) o`;
}

/** Rows of earlier runs that may be the same records: open rows with the same payload or natural key, dismissed rows with the same payload. */
async function earlierRows(trx: Kysely<Database>, runId: string, pipeline: string, incoming: IncomingRow[]): Promise<EarlierRow[]> {
  const hashes = incoming.map((i) => i.payload_hash);
  const keys = incoming.flatMap((i) => (i.natural_key === null ? [] : [i.natural_key]));
  const { rows } = await sql<EarlierRow>`
    ${earlierRowsBy(runId, pipeline, 'payload_hash', hashes, 'open')}
    union ${earlierRowsBy(runId, pipeline, 'natural_key', keys, 'open')}
    union ${earlierRowsBy(runId, pipeline, 'payload_hash', hashes, 'dismissed')}`.execute(trx);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

function byLine(a: { line: number | null }, b: { line: number | null }): number {
  return (a.line ?? 0) - (b.line ?? 0);
}

function groupBy(rows: EarlierRow[], key: (row: EarlierRow) => string | null): Map<string, EarlierRow[]> {
  const groups = new Map<string, EarlierRow[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * Pairs each incoming record with at most one row of an earlier run: first the same line and
 * payload (the record seen again), then the same payload at another line (rows above it came or
 * went), then an open row with the same natural key (the department changed the record, and it is
 * still wrong). A changed record is worth a new look, so only an unchanged one keeps its dismissal.
 */
function pairWithEarlierRows(incoming: IncomingRow[], earlier: EarlierRow[]): Map<IncomingRow, EarlierRow> {
  const sorted = [...earlier].sort(byLine);
  const passes: [Map<string, EarlierRow[]>, (i: IncomingRow) => string | null][] = [
    [groupBy(sorted, (o) => `${o.payload_hash}:${o.line}`), (i) => `${i.payload_hash}:${i.line}`],
    [groupBy(sorted, (o) => o.payload_hash), (i) => i.payload_hash],
    [groupBy(sorted, (o) => (o.dismissed ? null : o.natural_key)), (i) => i.natural_key],
  ];
  const claimed = new Set<number>();
  const pairs = new Map<IncomingRow, EarlierRow>();
  for (const [groups, keyOf] of passes) {
    for (const item of incoming) {
      const key = keyOf(item);
      if (pairs.has(item) || key === null) continue;
      const row = groups.get(key)?.find((o) => !claimed.has(o.id));
      if (row === undefined) continue;
      claimed.add(row.id);
      pairs.set(item, row);
    }
  }
  return pairs;
}

/**
 * One row per rejected source record. A record still open from an earlier run is the same problem
 * seen again: its row moves to this run with the current payload and verdict, so re-syncing an
 * unfixed source never piles up copies; two identical bad lines stay two rows. A dismissed record
 * sent again unchanged moves too and stays dismissed: it is counted by this run, and not reopened.
 */
async function recordQuarantined(trx: Kysely<Database>, runId: string, pipeline: string, records: QuarantineInsert[]): Promise<void> {
  if (records.length === 0) return;
  const incoming: IncomingRow[] = records
    .map((q) => {
      const raw = withoutNul(q.raw ?? null);
      return {
        line: q.line,
        raw,
        payload_hash: sha256Hex(JSON.stringify(raw)),
        natural_key: q.naturalKey ?? null,
        reason: q.reason,
        path: q.path,
        message: q.message,
        details: q.details === undefined ? null : withoutNul(q.details),
        source_columns: q.columns === undefined ? null : (withoutNul(q.columns) as string[]),
      };
    })
    .sort(byLine);
  const pairs = pairWithEarlierRows(incoming, await earlierRows(trx, runId, pipeline, incoming));
  const moved = [...pairs].map(([item, row]) => ({ id: row.id, ...item }));
  const fresh = incoming.filter((item) => !pairs.has(item));
  if (moved.length > 0) {
    await sql`
      update quarantine q set
        run_id = ${runId}, line = m.line, raw = m.raw, payload_hash = m.payload_hash, natural_key = m.natural_key,
        reason = m.reason, path = m.path, message = m.message, details = m.details, source_columns = m.source_columns
      from jsonb_to_recordset(${JSON.stringify(moved)}::jsonb) as m(
        id bigint, line integer, raw jsonb, payload_hash text, natural_key text, reason text, path text, message text, details jsonb,
        source_columns jsonb)
      where q.id = m.id`.execute(trx);
  }
  if (fresh.length > 0) {
    await sql`
      insert into quarantine (run_id, pipeline, line, raw, payload_hash, natural_key, reason, path, message, details, source_columns)
      select ${runId}, ${pipeline}, q.line, q.raw, q.payload_hash, q.natural_key, q.reason, q.path, q.message, q.details, q.source_columns
      from jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb)
        as q(line integer, raw jsonb, payload_hash text, natural_key text, reason text, path text, message text, details jsonb,
          source_columns jsonb)`.execute(trx);
  }
}

/**
 * The department fixed its data: open rows of earlier runs whose natural key this run loaded are
 * resolved as `reloaded` by it. Skipped when the pipeline has no open keyed rows at all, so clean
 * pipelines pay one lookup per batch, not one per record.
 */
async function resolveReloaded(trx: Kysely<Database>, runId: string, pipeline: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const open = await trx
    .selectFrom('quarantine')
    .select('id')
    .where('pipeline', '=', pipeline)
    .where('resolved_at', 'is', null)
    .where('natural_key', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  if (open === undefined) return;
  await sql`
    update quarantine set resolved_at = now(), resolved_run_id = ${runId}, resolution = 'reloaded'
    where id in (select e.id from (${earlierRowsBy(runId, pipeline, 'natural_key', keys, 'open')}) e)`.execute(trx);
}

/** Records that failed a retry stay quarantined under their id, with the reason they fail for now, counted by the retry run. */
async function requarantine(trx: Kysely<Database>, runId: string, rows: Requarantined[]): Promise<void> {
  if (rows.length === 0) return;
  const payload = JSON.stringify(rows.map((r) => ({ ...r, details: r.details ?? null, natural_key: r.naturalKey ?? null })));
  await sql`
    update quarantine q
    set run_id = ${runId}, reason = r.reason, path = r.path, message = r.message, details = r.details, natural_key = r.natural_key
    from jsonb_to_recordset(${payload}::jsonb) as r(id bigint, reason text, path text, message text, details jsonb, natural_key text)
    where q.id = r.id and q.resolved_at is null`.execute(trx);
}

/**
 * Everything a batch does to the quarantine, in the batch's transaction: a sync resolves the rows
 * its loaded keys fix, then records what it rejected; a retry resolves what it loaded and gives the
 * rest their current verdict.
 */
export async function quarantineBatch(trx: Kysely<Database>, batch: QuarantineBatch): Promise<void> {
  if (batch.retry) {
    await resolveQuarantine(trx, batch.retry.fixed, { kind: 'retried', runId: batch.runId });
    await requarantine(trx, batch.runId, batch.retry.failing);
  } else {
    await resolveReloaded(trx, batch.runId, batch.pipeline, batch.loadedKeys);
  }
  await recordQuarantined(trx, batch.runId, batch.pipeline, batch.quarantine);
}
