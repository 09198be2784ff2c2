export type IdKind = 'uscc' | 'org-code' | 'resident-id' | 'division-code' | 'unknown';

/** Why a value failed; the same words appear in quarantine `details.reason`. */
export type IdReason = 'length' | 'charset' | 'checksum' | 'date' | 'division' | 'format';

export interface IdResult {
  valid: boolean;
  /** The value after normalising (half-width, upper-case, no spaces or hyphens; 15-digit ids converted). */
  normalised: string;
  kind: IdKind;
  reason?: IdReason;
  /** For a checksum failure: the check character the other characters call for. */
  expected?: string;
  /** Problems that are reported but do not reject the value (policy in standards.md). */
  warnings?: string[];
}

export function fail(kind: IdKind, normalised: string, reason: IdReason): IdResult {
  return { valid: false, normalised, kind, reason };
}
