import type { Kysely } from 'kysely';
import type { Database } from '../../catalog/database.ts';
import type { HubConfig, ReceiptSettings } from '../../core/config.ts';
import { HubError } from '../../core/errors.ts';
import { parseDuration } from '../../core/parse-duration.ts';
import { openSigningKey, signingKeyFile, type SigningKey } from '../signing-keys.ts';

export const DEFAULT_HUB_ID = 'ecert-hub';
export const DEFAULT_RECEIPT_VALIDITY = '30d';

/** What issuing receipts needs: who signs, with which key, and for how long a receipt holds per matter. */
export interface ReceiptSigner {
  hubId: string;
  key: SigningKey;
  /** Milliseconds a receipt for this matter stays valid. */
  validFor: (matterCode: string) => number;
}

/** ECERT_HUB_ID: the `iss` of every receipt; verifiers check it. */
export function hubIdFrom(env: NodeJS.ProcessEnv = process.env): string {
  const id = env.ECERT_HUB_ID?.trim();
  return id ? id : DEFAULT_HUB_ID;
}

function duration(text: unknown, field: string): number {
  const ms = typeof text === 'string' ? parseDuration(text) : undefined;
  if (ms === undefined || ms <= 0) throw new HubError('HUB_ERR_CONFIG_INVALID', `ecert.yaml ${field} must be a duration such as 30d or 12h, got ${JSON.stringify(text)}`, { field });
  return ms;
}

/** `receipts:` of ecert.yaml → validity per matter; a bad duration is refused here, naming its field. */
export function receiptValidity(settings: ReceiptSettings): (matterCode: string) => number {
  const fallback = duration(settings.valid_for ?? DEFAULT_RECEIPT_VALIDITY, 'receipts.valid_for');
  const perMatter = new Map(Object.entries(settings.matters ?? {}).map(([code, text]) => [code, duration(text, `receipts.matters.${code}`)]));
  return (matterCode) => perMatter.get(matterCode) ?? fallback;
}

/**
 * The signer of a hub process: the key in the key file (published in the catalogue if it was made
 * elsewhere), ECERT_HUB_ID and the validity of ecert.yaml; undefined when there is no key file yet.
 */
export async function openReceiptSigner(
  db: Kysely<Database>,
  config: Pick<HubConfig, 'storeDir' | 'settings'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReceiptSigner | undefined> {
  const validFor = receiptValidity(config.settings.receipts);
  const key = await openSigningKey(db, signingKeyFile(config, env));
  return key === undefined ? undefined : { hubId: hubIdFrom(env), key, validFor };
}
