import { canonicalJson, sha256Hex } from './canonical-json.ts';
import type { StoredCertificate, VersionChange } from './tables/certificates.ts';

/** What a version row's hash covers: every column that says what the version is, when and where from. */
export interface VersionLink {
  prev_hash: string;
  version: number;
  change: VersionChange;
  run_id: string;
  pipeline: string;
  /** When the version took effect; a Date from the database or its ISO form. */
  valid_from: Date | string;
  data: StoredCertificate;
}

/**
 * The hash of one version: the previous version's hash followed by the canonical JSON of
 * { change, data, pipeline, run_id, valid_from, version } (keys sorted). valid_to is not
 * covered because it is written later, when the next version closes this one; it is checked
 * instead against the hashed valid_from of the version that closed it (null for the version
 * that is current), which fixes it as firmly without rewriting a hashed row.
 *
 * `canonicalData` is canonicalJson(link.data) when the caller already has it (the loader
 * serialises each record once for the content hash): the envelope is then written around it,
 * giving the same text as canonicalJson of the whole envelope.
 */
export function versionHash(link: VersionLink, canonicalData: string = canonicalJson(link.data)): string {
  const validFrom = link.valid_from instanceof Date ? link.valid_from.toISOString() : new Date(link.valid_from).toISOString();
  const envelope =
    `{"change":${JSON.stringify(link.change)},"data":${canonicalData},"pipeline":${JSON.stringify(link.pipeline)},` +
    `"run_id":${JSON.stringify(link.run_id)},"valid_from":${JSON.stringify(validFrom)},"version":${JSON.stringify(link.version)}}`;
  return sha256Hex(link.prev_hash + envelope);
}
