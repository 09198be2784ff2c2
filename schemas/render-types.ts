import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { defsSchema, schemas, type SchemaName } from './schema-documents.ts';

const TYPE_NAMES: Record<SchemaName, string> = {
  certificate: 'Certificate',
  'certificate-type': 'CertificateType',
  matter: 'Matter',
  pipeline: 'Pipeline',
};

/** Keywords that only constrain values; TypeScript cannot say them and the generator would turn them into odd types. */
const VALIDATION_ONLY = new Set(['$schema', '$id', 'allOf', 'if', 'then', 'else', 'examples', 'propertyNames']);

/** Schemas of records that pass through a normaliser. */
const RECORD_SCHEMAS = new Set<SchemaName>(['certificate', 'matter']);

const pascal = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);

function rewriteRef(ref: string): string {
  const m = /^(?:defs\.schema\.json)?#\/\$defs\/(\w+)$/.exec(ref);
  if (!m) throw new Error(`cannot bundle $ref ${ref}`);
  return `#/$defs/${pascal(m[1]!)}`;
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One schema node as the generator should see it: refs point into the bundle and the bilingual
 * title joins the description (a title would otherwise name a new type). In record schemas
 * (`fillsDefaults`) fields with a `default` are required, because the normalisers always fill
 * them in; a pipeline file may leave them out.
 */
function prepare(node: Node, fillsDefaults: boolean): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (VALIDATION_ONLY.has(key) || key === 'title' || key === 'description') continue;
    if (key === '$ref') out.$ref = rewriteRef(String(value));
    else if (key === 'properties' && isNode(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isNode(v) ? prepare(v, fillsDefaults) : v]));
    } else if (Array.isArray(value)) out[key] = value.map((v) => (isNode(v) ? prepare(v, fillsDefaults) : v));
    else out[key] = isNode(value) ? prepare(value, fillsDefaults) : value;
  }
  const text = [node.title, node.description].filter((t): t is string => typeof t === 'string');
  if (text.length > 0) out.description = text.join('\n\n');
  // A $ref with its own description would be inlined; wrapped, it keeps the shared type's name.
  if (typeof out.$ref === 'string' && out.description !== undefined) {
    const { $ref, ...rest } = out;
    return { ...rest, allOf: [{ $ref }] };
  }
  if (fillsDefaults && isNode(node.properties)) {
    const defaulted = Object.entries(node.properties)
      .filter(([, v]) => isNode(v) && 'default' in v)
      .map(([k]) => k);
    const required = Array.isArray(node.required) ? (node.required as string[]) : [];
    if (defaulted.length > 0) out.required = [...required, ...defaulted.filter((k) => !required.includes(k))];
  }
  return out;
}

/** schemas/types.generated.ts as it should be now. */
export async function renderTypes(): Promise<string> {
  const $defs: Record<string, Node> = {};
  for (const [key, def] of Object.entries(defsSchema.$defs)) $defs[pascal(key)] = prepare(def, false);
  for (const [name, schema] of Object.entries(schemas) as [SchemaName, Node][]) {
    const fillsDefaults = RECORD_SCHEMAS.has(name);
    if (isNode(schema.$defs)) {
      for (const [key, def] of Object.entries(schema.$defs)) if (isNode(def)) $defs[pascal(key)] = prepare(def, fillsDefaults);
    }
    if (name !== 'certificate') $defs[TYPE_NAMES[name]] = prepare({ ...schema, $defs: undefined }, fillsDefaults);
  }
  const root = { ...prepare({ ...schemas.certificate, $defs: undefined }, true), $defs } as JSONSchema;
  return compile(root, TYPE_NAMES.certificate, {
    bannerComment: '/* Generated from schemas/*.schema.json by `npx tsx schemas/build-types.ts`. Do not edit: change the schemas and rerun. */',
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    unknownAny: true,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
  });
}
