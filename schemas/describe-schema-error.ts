import type { ErrorObject } from 'ajv';
import { fieldLabel } from './field-label.ts';
import type { SchemaName } from './schema-documents.ts';

/** The parts of an ajv error every reader uses; Fastify's request validation errors have them too. */
export type SchemaErrorLike = Pick<ErrorObject, 'instancePath' | 'keyword' | 'params' | 'message'>;

interface SchemaErrorParts {
  /** Keys down to the field the error is about; for unknown and missing keys, ending with the key itself. */
  path: string[];
  /** What is wrong with that field, in plain words. */
  words: string;
}

function plainWords(err: SchemaErrorLike): string {
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

/**
 * The one reading of an ajv error, shared by record checks, pipeline files and API requests:
 * which field it is about and what is wrong, so that all three say the same thing the same way.
 */
export function schemaErrorParts(err: SchemaErrorLike): SchemaErrorParts {
  const path = err.instancePath === '' ? [] : err.instancePath.split('/').slice(1);
  const key = err.keyword === 'additionalProperties' ? err.params.additionalProperty : err.keyword === 'required' ? err.params.missingProperty : undefined;
  if (key !== undefined) path.push(String(key));
  return { path, words: plainWords(err) };
}

/** An ajv error as the JSON pointer it concerns and a message naming the field by its schema title. */
export function describeSchemaError(schema: SchemaName, err: ErrorObject): { pointer: string; message: string } {
  const { path, words } = schemaErrorParts(err);
  const pointer = path.map((key) => `/${key}`).join('');
  return { pointer, message: `${fieldLabel(schema, pointer) || '(document)'}: ${words}` };
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
