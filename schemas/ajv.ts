import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { customFormats } from './formats/custom-formats.ts';
import { defsSchema, schemas } from './schema-documents.ts';
import type { Certificate, CertificateType, Matter, Pipeline } from './types.ts';

/**
 * The one ajv instance. Each schema is compiled once, when first used: compiling all four costs
 * a tenth of a second, which commands that validate nothing (`ecert runs`, for one) skip.
 * `allErrors` lets configuration checks report every problem at once and lets record validation
 * skip an identifier error that `identifier_check: warn` has turned into a warning.
 */
export const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats.default(ajv);
for (const [name, validate] of Object.entries(customFormats)) ajv.addFormat(name, { type: 'string', validate });
ajv.addSchema(defsSchema);

export { isSchemaName, schemaNames, type SchemaName } from './schema-documents.ts';

function compiledOnce<T>(schema: object): () => ValidateFunction<T> {
  let validate: ValidateFunction<T> | undefined;
  return () => (validate ??= ajv.compile<T>(schema));
}

const certificate = compiledOnce<Certificate>(schemas.certificate);
const certificateType = compiledOnce<CertificateType>(schemas['certificate-type']);
const matter = compiledOnce<Matter>(schemas.matter);
const pipeline = compiledOnce<Pipeline>(schemas.pipeline);

export const validators: {
  readonly certificate: ValidateFunction<Certificate>;
  readonly 'certificate-type': ValidateFunction<CertificateType>;
  readonly matter: ValidateFunction<Matter>;
  readonly pipeline: ValidateFunction<Pipeline>;
} = {
  get certificate() {
    return certificate();
  },
  get 'certificate-type'() {
    return certificateType();
  },
  get matter() {
    return matter();
  },
  get pipeline() {
    return pipeline();
  },
};
