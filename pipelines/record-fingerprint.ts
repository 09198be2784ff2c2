import { createHash } from 'node:crypto';
import type { SourceRecord } from '../connectors/define-connector.ts';

/**
 * The fingerprint of a readable source record under a transform (see transformVersion): a hash of
 * its raw field values in the order the source gives them, which for the same bytes is always the
 * same order. The line number is left out, so a record that moved in the file is still recognised.
 * Undefined for a record that cannot be fingerprinted (unreadable, or holding values JSON cannot
 * write): it is always processed.
 */
export function recordFingerprint(transform: string, record: SourceRecord): string | undefined {
  if (record.error !== undefined || record.data === undefined) return undefined;
  let raw: string;
  try {
    raw = JSON.stringify(record.data);
  } catch {
    // A BigInt from a database driver, say: nothing to compare by, so no skipping.
    return undefined;
  }
  return createHash('sha256').update(transform).update('\n').update(raw).digest('base64');
}
