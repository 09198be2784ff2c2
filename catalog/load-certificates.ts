import type { Kysely } from 'kysely';
import { HubError } from '../core/errors.ts';
import type { SyncState } from '../core/sync-state.ts';
import type { Certificate } from '../schemas/types.ts';
import { loadInTransaction, type BatchCounts, type LoadResult } from './batch-bookkeeping.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import {
  appendVersions,
  fetchHeads,
  supersededAlready,
  touchCurrent,
  versionTime,
  writeCurrentVersions,
  type CertificateHead,
  type VersionWrite,
} from './certificate-writes.ts';
import { inTransaction } from './in-transaction.ts';
import { refreshFingerprints } from './source-fingerprints.ts';
import { retryOnWriteRace } from './retry-on-write-race.ts';
import type { QuarantineBatch, QuarantineInsert } from './quarantine-repository.ts';
import type { DuplicateInsert } from './run-repository.ts';
import { keyOf, type NaturalKey } from './natural-key.ts';
import { toStoredCertificate } from './stored-certificate.ts';
import { versionHash } from './version-hash.ts';
import type { Database } from './database.ts';
import type { StoredCertificate } from './tables/certificates.ts';

export type { LoadResult } from './batch-bookkeeping.ts';

export type WriteDisposition = 'merge' | 'append' | 'replace';

export interface CertificateBatch {
  runId: string;
  pipeline: string;
  /** Decides conflicts between pipelines when source timestamps cannot. */
  priority: number;
  disposition: WriteDisposition;
  /** Normalised, valid, at most one per natural key. */
  records: Certificate[];
  /** Parallel to `records`: the fingerprint of the source record each was made from, kept on the row it leaves current. */
  fingerprints?: (string | undefined)[];
  /**
   * Keys of records whose fingerprint matched their stored row, so they were neither transformed
   * nor loaded: counted unchanged, and seen by a replace snapshot.
   */
  unchanged?: NaturalKey[];
  quarantine: QuarantineInsert[];
  /** Written to sync_state with the batch when given. */
  state?: SyncState;
  /**
   * Natural keys of this batch's quarantined records (replace disposition): the snapshot still
   * lists them, so their stored certificates count as seen and are not cancelled.
   */
  seenKeys?: NaturalKey[];
  counts: BatchCounts;
  /** Duplicates dropped by dedupe whose content differed from the record kept. */
  conflicts?: DuplicateInsert[];
  retry?: QuarantineBatch['retry'];
}

/** Rows per statement: keeps each jsonb parameter a few megabytes. */
const CHUNK = 5000;

interface Incoming {
  stored: StoredCertificate;
  /** Serialised once: both the content hash and the chain hash are taken over it. */
  canonical: string;
  hash: string;
  fingerprint: string | undefined;
}

/**
 * Whether an incoming record replaces the stored one: the newer source timestamp wins;
 * when the timestamps are equal or either is missing, the same pipeline wins, and
 * otherwise the higher (or equal) priority.
 */
export function incomingWins(
  incoming: { source_updated_at: string | null; priority: number; pipeline: string },
  stored: Pick<CertificateHead, 'source_updated_at' | 'priority' | 'pipeline'>,
): boolean {
  const a = incoming.source_updated_at === null ? null : Date.parse(incoming.source_updated_at);
  const b = stored.source_updated_at === null ? null : stored.source_updated_at.getTime();
  if (a !== null && b !== null && a !== b) return a > b;
  if (incoming.pipeline === stored.pipeline) return true;
  return incoming.priority >= stored.priority;
}

interface VersionContext {
  runId: string;
  pipeline: string;
  validFrom: string;
}

function nextVersion(incoming: Incoming, head: CertificateHead | undefined, change: VersionWrite['change'], at: VersionContext): VersionWrite {
  const prev = head?.head_hash ?? '';
  const version = (head?.head_version ?? 0) + 1;
  const link = { prev_hash: prev, version, change, run_id: at.runId, pipeline: at.pipeline, valid_from: at.validFrom, data: incoming.stored };
  const write: VersionWrite = {
    cert_type_code: incoming.stored.cert_type_code,
    issuer_code: incoming.stored.issuer_code,
    cert_number: incoming.stored.cert_number,
    holder_id: incoming.stored.holder_id,
    version,
    change,
    data: incoming.stored,
    content_hash: incoming.hash,
    prev_hash: prev,
    hash: versionHash(link, incoming.canonical),
    valid_from: at.validFrom,
  };
  if (change === 'update' && head) write.closes = head.version;
  if (change !== 'superseded' && incoming.fingerprint !== undefined) write.source_fingerprint = incoming.fingerprint;
  return write;
}

async function loadChunk(trx: Kysely<Database>, batch: CertificateBatch, records: Certificate[], offset: number): Promise<LoadResult> {
  const incoming: Incoming[] = records.map((r, i) => {
    const stored = toStoredCertificate(r);
    const canonical = canonicalJson(stored);
    return { stored, canonical, hash: sha256Hex(canonical), fingerprint: batch.fingerprints?.[offset + i] };
  });
  const heads = await fetchHeads(trx, incoming.map((i) => i.stored));
  const at: VersionContext = { runId: batch.runId, pipeline: batch.pipeline, validFrom: await versionTime(trx) };
  const current: VersionWrite[] = [];
  const superseded: VersionWrite[] = [];
  const seen: StoredCertificate[] = [];
  const losers: { incoming: Incoming; head: CertificateHead }[] = [];
  // Rows this pipeline stored with the same content, perhaps from a record fingerprinted otherwise
  // (an earlier transform) or not at all: the next sync can skip the record once they carry its fingerprint.
  const refingerprinted: (NaturalKey & { content_hash: string; fingerprint: string })[] = [];
  const result: LoadResult = { inserted: 0, updated: 0, unchanged: 0 };
  const keys = new Set<string>();

  for (const item of incoming) {
    const key = keyOf(item.stored);
    if (keys.has(key)) throw new HubError('HUB_ERR_PIPELINE_STEP', `duplicate natural key in one batch: ${key}`);
    keys.add(key);
    const head = heads.get(key);
    if (head === undefined) {
      current.push(nextVersion(item, head, 'insert', at));
      result.inserted++;
    } else if (
      head.content_hash !== item.hash &&
      batch.disposition !== 'append' &&
      incomingWins({ source_updated_at: item.stored.source_updated_at, priority: batch.priority, pipeline: batch.pipeline }, head)
    ) {
      current.push(nextVersion(item, head, 'update', at));
      result.updated++;
    } else {
      if (head.content_hash !== item.hash && batch.disposition !== 'append') losers.push({ incoming: item, head });
      if (head.content_hash === item.hash && head.pipeline === batch.pipeline && item.fingerprint !== undefined) {
        refingerprinted.push({ ...pickKey(item.stored), content_hash: item.hash, fingerprint: item.fingerprint });
      }
      seen.push(item.stored);
      result.unchanged++;
    }
  }

  const already = await supersededAlready(
    trx,
    losers.map(({ incoming: i }) => ({ ...pickKey(i.stored), content_hash: i.hash })),
  );
  for (const { incoming: item, head } of losers) {
    if (!already.has(keyOf(item.stored))) superseded.push(nextVersion(item, head, 'superseded', at));
  }

  await writeCurrentVersions(trx, current, batch);
  if (batch.disposition === 'replace') await touchCurrent(trx, seen.map(pickKey), batch.runId);
  await appendVersions(trx, superseded, batch.pipeline, batch.runId);
  await refreshFingerprints(trx, batch.pipeline, refingerprinted);
  return result;
}

function pickKey(c: StoredCertificate): NaturalKey {
  return { cert_type_code: c.cert_type_code, issuer_code: c.issuer_code, cert_number: c.cert_number };
}

/**
 * Loads one batch in one transaction: current rows only where the content hash changed,
 * a hash-chained version row per change, quarantined records, run counts and the sync state;
 * records known unchanged by their fingerprint only count (and, for replace, are marked seen).
 * Any failure rolls all of it back; a batch that lost a race with another pipeline writing the
 * same certificates is loaded again.
 */
export async function loadCertificateBatch(db: Kysely<Database>, batch: CertificateBatch): Promise<LoadResult> {
  return retryOnWriteRace(db, () =>
    inTransaction(db, async (trx) => {
      const unchanged = batch.unchanged ?? [];
      const result = await loadInTransaction(trx, { ...batch, unchangedKeys: unchanged.map(keyOf) }, CHUNK, loadChunk, keyOf);
      if (batch.disposition === 'replace') await touchCurrent(trx, [...(batch.seenKeys ?? []), ...unchanged], batch.runId);
      return result;
    }),
  );
}
