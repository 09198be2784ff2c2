import type { ErrorObject } from 'ajv';
import { fieldLabel } from './field-label.ts';
import type { SchemaName } from './schema-documents.ts';

/** JSON pointer of the field an ajv error is about: for unknown and missing keys, the key itself. */
export function errorPointer(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties') return `${err.instancePath}/${String(err.params.additionalProperty)}`;
  if (err.keyword === 'required') return `${err.instancePath}/${String(err.params.missingProperty)}`;
  return err.instancePath;
}

function plainWords(err: ErrorObject): string {
  switch (err.keyword) {
    case 'additionalProperties':
      return 'is not a field of this schema';
    case 'required':
      return 'is missing or empty';
    case 'enum':
      return `must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format':
      return `is not a valid ${String(err.params.format)}`;
    case 'oneOf':
    case 'anyOf':
      return 'matches none of the allowed forms (see docs/schema-reference.md)';
    default:
      return err.message ?? err.keyword;
  }
}

/** An ajv error as the pointer it concerns and a message naming the field by its schema title. */
export function describeSchemaError(schema: SchemaName, err: ErrorObject): { pointer: string; message: string } {
  const pointer = errorPointer(err);
  return { pointer, message: `${fieldLabel(schema, pointer) || '(document)'}: ${plainWords(err)}` };
}

/**
 * The errors worth showing: `if` only echoes the `then` error before it, and the errors of each
 * branch of a failed oneOf/anyOf are summed up by that oneOf/anyOf error.
 */
export function relevantErrors(errors: readonly ErrorObject[] | null | undefined): ErrorObject[] {
  const all = errors ?? [];
  const alternatives = all.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  return all.filter((e) => e.keyword !== 'if' && !alternatives.some((prefix) => e.schemaPath.startsWith(prefix)));
}
