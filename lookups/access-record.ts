import type { Kysely } from 'kysely';
import { listClients } from '../catalog/api-client-repository.ts';
import type { Database } from '../catalog/database.ts';
import { holderHash } from '../catalog/lookup-log.ts';
import { lookupsOfHolder } from '../catalog/receipt-log.ts';
import type { LookupKind } from '../catalog/tables/lookup-log.ts';
import { HubError } from '../core/errors.ts';
import { maskId } from '../core/log.ts';
import { normaliseHolderQuery } from './holder-id.ts';

export interface AccessEntry {
  seq: number;
  at: string;
  client_id: string;
  /** The client's registered name; null for the command line and for unknown ids. */
  client_name: string | null;
  purpose: string;
  /** holder: their certificates were listed; certificate: one of them was read; check: a matter's materials were checked. */
  kind: LookupKind;
  matter_code: string | null;
  matter_name: string | null;
  /** The summary of the answer the lookup log keeps. */
  result: unknown;
  /** Ids of the usage receipts the check issued. */
  receipts: string[];
}

/** 用证记录: who looked at a holder's certificates, when and why. */
export interface AccessRecord {
  /** The holder id, masked: the record is shown to the holder, and printed. */
  holder: string;
  since: string | null;
  count: number;
  /** More rows exist than `limit`; narrow with `since`. */
  truncated: boolean;
  entries: AccessEntry[];
}

export const ACCESS_RECORD_LIMIT = 10_000;

/**
 * Every lookup and check of one holder, oldest first. The log holds no raw id, only keyed hashes:
 * the id, given in any accepted form, is normalised and hashed the way lookups hash it, and so is
 * any other spelling the catalogue stores it under (a 15-digit id kept as is).
 */
export async function accessRecord(
  db: Kysely<Database>,
  holderHashKey: string,
  holderId: string,
  options: { since?: Date | undefined; limit?: number } = {},
): Promise<AccessRecord> {
  const holder = normaliseHolderQuery(holderId, 'holder_id');
  const limit = options.limit ?? ACCESS_RECORD_LIMIT;
  if (!Number.isInteger(limit) || limit <= 0) throw new HubError('HUB_ERR_VALIDATION', 'limit must be a positive whole number', { field: 'limit' });
  const hashes = [holder.id, ...holder.alsoStoredAs].map((id) => holderHash(holderHashKey, id));
  const { rows, more } = await lookupsOfHolder(db, hashes, { since: options.since, limit });
  const clients = new Map((await listClients(db, { includeRevoked: true })).map((c) => [c.id, c.name]));
  const codes = [...new Set(rows.flatMap((r) => (r.matter_code === null ? [] : [r.matter_code])))];
  const matters =
    codes.length === 0 ? new Map<string, string>() : new Map((await db.selectFrom('matters').select(['matter_code', 'name']).where('matter_code', 'in', codes).execute()).map((m) => [m.matter_code, m.name]));
  const entries = rows.map(
    (r): AccessEntry => ({
      seq: r.seq,
      at: r.at.toISOString(),
      client_id: r.client_id,
      client_name: clients.get(r.client_id) ?? null,
      purpose: r.purpose,
      kind: r.kind,
      matter_code: r.matter_code,
      matter_name: r.matter_code === null ? null : (matters.get(r.matter_code) ?? null),
      result: r.result,
      receipts: Object.keys(r.receipts ?? {}),
    }),
  );
  return { holder: maskId(holder.id), since: options.since?.toISOString() ?? null, count: entries.length, truncated: more, entries };
}
