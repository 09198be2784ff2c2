import certificateSchema from '../schemas/certificate.schema.json' with { type: 'json' };
import matterSchema from '../schemas/matter.schema.json' with { type: 'json' };
import { canonicalJson, sha256Hex } from '../catalog/canonical-json.ts';
import { NORMALISER_VERSION } from '../schemas/normalise/normaliser-version.ts';
import type { CertificateType } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';

/**
 * Keys of a pipeline definition that cannot change what a source record becomes: when and how
 * often it runs, and the file it was declared in. Everything else counts, including keys added
 * later, so that a new transform option invalidates fingerprints by default rather than by
 * someone remembering to list it.
 */
const NOT_TRANSFORM: ReadonlySet<string> = new Set(['file', 'schedule', 'timezone', 'retries']);

/**
 * A hash of everything besides the record itself that decides what a source record becomes: the
 * resolved pipeline definition (mapping, defaults, status_map, identifier_check …), the normaliser
 * version, the entity's schema and the workspace's certificate types. Any change to one of them
 * changes every fingerprint of the pipeline, so its next sync processes every record again.
 * `normaliser` is NORMALISER_VERSION, given only to show what raising it does.
 */
export function transformVersion(pipeline: PipelineDefinition, certificateTypes: readonly CertificateType[], normaliser: number = NORMALISER_VERSION): string {
  const definition = Object.fromEntries(Object.entries(pipeline).filter(([key]) => !NOT_TRANSFORM.has(key)));
  const schema = pipeline.entity === 'certificate' ? certificateSchema : matterSchema;
  return sha256Hex(canonicalJson({ definition, normaliser, schema, certificateTypes }));
}
