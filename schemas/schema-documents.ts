import certificateSchema from './certificate.schema.json' with { type: 'json' };
import certificateTypeSchema from './certificate-type.schema.json' with { type: 'json' };
import defsSchema from './defs.schema.json' with { type: 'json' };
import matterSchema from './matter.schema.json' with { type: 'json' };
import pipelineSchema from './pipeline.schema.json' with { type: 'json' };

export { defsSchema };

/** The names `ecert validate --schema` accepts, one per top-level schema file. */
export const schemaNames = ['certificate', 'certificate-type', 'matter', 'pipeline'] as const;
export type SchemaName = (typeof schemaNames)[number];

export function isSchemaName(name: string): name is SchemaName {
  return (schemaNames as readonly string[]).includes(name);
}

/** The schema documents by name, for code that reads titles, defaults or field lists. */
export const schemas = {
  certificate: certificateSchema,
  'certificate-type': certificateTypeSchema,
  matter: matterSchema,
  pipeline: pipelineSchema,
} as const satisfies Record<SchemaName, object>;
