import type { Kysely } from 'kysely';
import { createLookupWriter, type LookupWriter } from '../catalog/lookup-log-writer.ts';
import { matterWithMaterials, type MatterView } from '../catalog/matter-repository.ts';
import type { Database } from '../catalog/database.ts';
import { readThroughCache } from '../core/read-through-cache.ts';
import type { ReceiptSigner } from './receipts/receipt-signer.ts';

/** What a lookup needs, the same for an API request and for the CLI. */
export interface LookupContext {
  db: Kysely<Database>;
  /** Group-committed lookup log: a lookup answers only once its row is durable. */
  lookupLog: LookupWriter;
  /** HMAC key for holder ids in the lookup log. */
  holderHashKey: string;
  /** The instant validity is judged at; dates are taken in Asia/Shanghai. */
  today: () => Date;
  /** A matter with its materials by code. */
  findMatter: (code: string) => Promise<MatterView | undefined>;
  /** Signs usage receipts; absent when the hub has no signing key. */
  receipts?: ReceiptSigner | undefined;
}

/** Who asks and why: every lookup is logged with both. */
export interface Caller {
  clientId: string;
  purpose: string;
  /** 经办人 at the window, when given (see checkContextOf). */
  operator?: string | null;
  /** 办件编号 of the case, when given. */
  caseNo?: string | null;
}

/**
 * The context over one catalogue. Matters change only when a sync runs, and a check reads
 * one on every request: with `cacheMs` > 0 a matter is reused for that long, so a changed
 * matter is seen within that time.
 */
export function createLookupContext(
  db: Kysely<Database>,
  options: { holderHashKey: string; today?: () => Date; cacheMs?: number; receipts?: ReceiptSigner | undefined },
): LookupContext {
  const findMatter = readThroughCache((code: string) => matterWithMaterials(db, code), options.cacheMs ?? 0);
  return {
    db,
    lookupLog: createLookupWriter(db),
    holderHashKey: options.holderHashKey,
    today: options.today ?? (() => new Date()),
    findMatter,
    receipts: options.receipts,
  };
}
