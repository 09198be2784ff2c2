import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { customFormats } from './formats/custom-formats.ts';
import { defsSchema, schemas } from './schema-documents.ts';
import type { Certificate, CertificateType, Matter, Pipeline } from './types.ts';

/**
 * The one ajv instance. Every schema is compiled once, when this module is first imported.
 * `allErrors` lets configuration checks report every problem at once and lets record validation
 * skip an identifier error that `identifier_check: warn` has turned into a warning.
 */
export const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats.default(ajv);
for (const [name, validate] of Object.entries(customFormats)) ajv.addFormat(name, { type: 'string', validate });
ajv.addSchema(defsSchema);

export { isSchemaName, schemaNames, type SchemaName } from './schema-documents.ts';

export const validators: {
  certificate: ValidateFunction<Certificate>;
  'certificate-type': ValidateFunction<CertificateType>;
  matter: ValidateFunction<Matter>;
  pipeline: ValidateFunction<Pipeline>;
} = {
  certificate: ajv.compile<Certificate>(schemas.certificate),
  'certificate-type': ajv.compile<CertificateType>(schemas['certificate-type']),
  matter: ajv.compile<Matter>(schemas.matter),
  pipeline: ajv.compile<Pipeline>(schemas.pipeline),
};
