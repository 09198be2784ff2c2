import type { Timestamp } from './column-types.ts';

/**
 * Hash-chained blocks over the heads of the certificate chains: each block seals, for every
 * certificate whose chain grew since the previous block, its newest version and hash. A chain
 * cut back or removed after it was sealed no longer matches its block.
 */
export interface CertificateSealBlocksTable {
  id: number;
  head_count: number;
  prev_hash: string;
  hash: string;
  sealed_at: Timestamp;
}

/** One sealed head: the newest version a block saw of one certificate's chain. */
export interface CertificateSealsTable {
  block_id: number;
  cert_type_code: string;
  issuer_code: string;
  cert_number: string;
  version: number;
  hash: string;
}
