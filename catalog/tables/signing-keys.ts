import type { Selectable } from 'kysely';
import type { Json, NullableTimestamp, Timestamp } from './column-types.ts';

/** A public key receipts are signed with; `kid` is its RFC 7638 thumbprint. */
export interface SigningKeysTable {
  kid: string;
  public_jwk: Json<Record<string, string>>;
  created_at: Timestamp;
  /** When a newer key replaced it; it stays published so that its receipts still verify. */
  retired_at: NullableTimestamp;
}

export type SigningKeyRow = Selectable<SigningKeysTable>;
