/**
 * Canonical record shapes. schemas/*.schema.json are the source of truth: the types come from
 * types.generated.ts, which `npx tsx schemas/build-types.ts` derives from them, and
 * test/schemas/types.test.ts fails when it is out of date.
 */

export type {
  Certificate,
  CertificateType,
  CertStatus,
  HolderIdType,
  HolderKind,
  IsoDate,
  Material,
  Matter,
  Pipeline,
  Timestamp,
  Uscc,
} from './types.generated.ts';

/** Reason codes for quarantined records, in the order they are checked. */
export const QUARANTINE_REASONS = [
  'parse_error',
  'missing_field',
  'invalid_identifier',
  'invalid_date',
  'invalid_code',
  'invalid_value',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];
