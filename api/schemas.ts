import type { FastifyInstance } from 'fastify';
import { ERRORS } from '../core/errors.ts';
import { MATERIAL_STATUSES } from '../lookups/check-materials.ts';
import certificateSchema from '../schemas/certificate.schema.json' with { type: 'json' };
import defsSchema from '../schemas/defs.schema.json' with { type: 'json' };
import { customFormats } from '../schemas/formats/custom-formats.ts';
import matterSchema from '../schemas/matter.schema.json' with { type: 'json' };

/**
 * The API's JSON Schemas, derived from schemas/*.schema.json so that a field is described once.
 * The source schemas are draft 2020-12 documents that reference each other by file; Fastify
 * shares schemas by `$id`. The derivation inlines the small field definitions, turns
 * "value or null" (`anyOf [X, null]`) into a nullable type that the response serialiser handles
 * without a validator, and refers to the object schemas by `$id#`.
 */

type JsonSchema = { [key: string]: unknown };

const DEFS = defsSchema.$defs as Record<string, JsonSchema>;
const DEF_REF = /^defs\.schema\.json#\/\$defs\/(\w+)$/;
/** Local `$defs` of a source schema that become shared schemas of their own. */
const LOCAL_SHARED: Record<string, string> = { material: 'Material' };

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function derive(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(derive);
  if (!isObject(node)) return node;
  const { $ref, anyOf, $schema: _schema, $id: _id, $defs: _defs, ...rest } = node;
  const siblings = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, derive(v)]));
  if (typeof $ref === 'string') {
    const def = DEF_REF.exec($ref)?.[1];
    if (def !== undefined && DEFS[def] !== undefined) return { ...(derive(DEFS[def]) as JsonSchema), ...siblings };
    const local = /^#\/\$defs\/(\w+)$/.exec($ref)?.[1];
    const shared = local === undefined ? undefined : LOCAL_SHARED[local];
    if (shared === undefined) throw new Error(`cannot derive an API schema from $ref ${$ref}`);
    return { $ref: `${shared}#`, ...siblings };
  }
  if (Array.isArray(anyOf)) {
    const branches = anyOf.map(derive) as JsonSchema[];
    const nonNull = branches.filter((b) => b.type !== 'null');
    const only = nonNull[0];
    if (nonNull.length === 1 && branches.length === 2 && only !== undefined && typeof only.type === 'string') {
      return { ...only, ...siblings, type: [only.type, 'null'] };
    }
    return { ...siblings, anyOf: branches };
  }
  return siblings;
}

function properties(schema: { properties: object }): Record<string, JsonSchema> {
  return derive(schema.properties) as Record<string, JsonSchema>;
}

/** A field definition of defs.schema.json, for params, query strings and bodies. */
export function field(name: keyof typeof defsSchema.$defs, extra: JsonSchema = {}): JsonSchema {
  return { ...(derive(DEFS[name]) as JsonSchema), ...extra };
}

/** Text that reaches SQL as a parameter: control characters (NUL above all) are refused as bad input. */
export const TEXT_PATTERN = '^[^\\u0000-\\u001F\\u007F]*$';

/**
 * Holder ids in any written form: letters and digits of any width (USCC, resident id, passport,
 * 南字第…号), spaces, hyphens, and the brackets and dots some ids print. Quotes, `=` and the like
 * never occur in an id, so such input is refused before it reaches a query.
 */
export const HOLDER_ID_PATTERN = '^[\\p{L}\\p{N}\\p{Zs}\\-\u2010-\u2014()\uFF08\uFF09\u00B7.]+$';

/**
 * An input string that names a field of the source schemas: their title, a length limit and no
 * control characters, but not their format — lookups accept every written form and normalise it,
 * and a value that cannot exist is simply not found.
 */
export function textInput(source: JsonSchema, description: string, options: { maxLength?: number; pattern?: string } = {}): JsonSchema {
  const { maxLength = 64, pattern = TEXT_PATTERN } = options;
  return { type: 'string', minLength: 1, maxLength, pattern, title: source.title, description };
}

const certificateFields = properties(certificateSchema);
const matterFields = properties(matterSchema);

/** A field of certificate.schema.json, e.g. to describe a parameter that carries it. */
export function certificateField(name: keyof typeof certificateSchema.properties): JsonSchema {
  return certificateFields[name]!;
}

/** A field of matter.schema.json. */
export function matterField(name: keyof typeof matterSchema.properties): JsonSchema {
  return matterFields[name]!;
}

// The source schema leaves surface open for writing; the serialiser must be told to keep its keys.
const surface = { ...certificateFields.surface, additionalProperties: true };

const certificateRecord: JsonSchema = {
  $id: 'CertificateRecord',
  title: '证照记录 Certificate record',
  description: 'The canonical fields of a certificate, as stored in a version row.',
  type: 'object',
  required: certificateSchema.required,
  properties: { ...certificateFields, surface },
};

const certificate: JsonSchema = {
  $id: 'Certificate',
  title: certificateSchema.title,
  description: `${certificateSchema.description} With the fields the catalogue adds.`,
  type: 'object',
  required: [...certificateSchema.required, 'valid_until', 'expired', 'version'],
  properties: {
    ...certificateFields,
    surface,
    expired: {
      type: 'boolean',
      title: '已过期 Expired',
      description: 'valid_until is before today (Asia/Shanghai); long-term certificates never expire. `status` stays as the source sent it.',
    },
    version: { type: 'integer', minimum: 1, title: '版本 Version', description: 'Number of the version this current row comes from.' },
    content_hash: { type: 'string', description: 'sha-256 of the canonical fields; changes with every content change.' },
    updated_at: { type: 'string', format: 'date-time', description: 'When the catalogue last changed this row.' },
  },
};

const certificateVersion: JsonSchema = {
  $id: 'CertificateVersion',
  title: '证照版本 Certificate version',
  description: 'One link of the certificate’s hash chain: the data as of this version and the hashes that chain it.',
  type: 'object',
  required: ['version', 'change', 'data', 'content_hash', 'valid_from', 'valid_to', 'prev_hash', 'hash'],
  properties: {
    version: { type: 'integer', minimum: 1 },
    change: { type: 'string', enum: ['insert', 'update', 'superseded', 'cancelled-at-source'] },
    data: { $ref: 'CertificateRecord#' },
    content_hash: { type: 'string' },
    valid_from: { type: 'string', format: 'date-time', description: 'When the catalogue started holding this version.' },
    valid_to: { type: ['string', 'null'], format: 'date-time', description: 'When a later version replaced it; null for the current one.' },
    run_id: { type: 'string' },
    pipeline: { type: 'string' },
    prev_hash: { type: 'string', description: 'hash of the previous version; empty for the first.' },
    hash: { type: 'string', description: 'sha-256 over prev_hash and data.' },
  },
};

const materialSource = matterSchema.$defs.material;
const materialFields = properties(materialSource);
const material: JsonSchema = {
  $id: 'Material',
  title: materialSource.title,
  description: materialSource.description,
  type: 'object',
  required: [...materialSource.required, 'accepted_cert_types'],
  properties: materialFields,
};

const matter: JsonSchema = {
  $id: 'Matter',
  title: matterSchema.title,
  description: matterSchema.description,
  type: 'object',
  required: [...matterSchema.required, 'materials'],
  properties: matterFields,
};

const { materials: _materials, ...matterHeadFields } = matterFields;
const matterSummary: JsonSchema = {
  $id: 'MatterSummary',
  title: '事项摘要 Matter summary',
  description: 'A matter without its materials, as search results list it.',
  type: 'object',
  required: matterSchema.required,
  properties: matterHeadFields,
};

const certificateUsed: JsonSchema = {
  $id: 'CertificateUsed',
  title: '所用证照 Certificate used',
  description: 'The certificate that decided a material: the one that satisfies it, or the expired or revoked one found instead.',
  type: 'object',
  required: ['cert_type_code', 'issuer_code', 'cert_number', 'valid_until', 'status'],
  properties: {
    cert_type_code: certificateFields.cert_type_code,
    issuer_code: certificateFields.issuer_code,
    cert_number: certificateFields.cert_number,
    valid_until: certificateFields.valid_until,
    status: certificateFields.status,
  },
};

const materialCheck: JsonSchema = {
  $id: 'MaterialCheck',
  title: '材料核验结果 Material check',
  type: 'object',
  required: ['material_code', 'name', 'required', 'accepted_cert_types', 'status'],
  properties: {
    material_code: materialFields.material_code,
    name: materialFields.name,
    required: materialFields.required,
    accepted_cert_types: materialFields.accepted_cert_types,
    status: {
      type: 'string',
      enum: [...MATERIAL_STATUSES],
      description:
        'satisfied: a valid certificate of an accepted type replaces the material; expired: only expired ones were found; ' +
        'revoked: only revoked, cancelled or suspended ones (see certificate_status); missing: none of an accepted type; ' +
        'not_replaceable: no certificate type can replace this material.',
    },
    certificate: { $ref: 'CertificateUsed#' },
    certificate_status: {
      type: 'string',
      enum: ['revoked', 'cancelled', 'suspended'],
      description: 'For status revoked: the actual status of the certificate found.',
    },
  },
};

const checkResult: JsonSchema = {
  $id: 'CheckResult',
  title: '免证核验结果 Check result',
  description: 'For every material of the matter: whether a certificate the holder already has replaces it.',
  type: 'object',
  required: ['as_of', 'holder_id', 'matter', 'materials', 'totals'],
  properties: {
    as_of: { type: 'string', format: 'date', description: 'The date (Asia/Shanghai) validity was judged on.' },
    holder_id: { ...certificateFields.holder_id, description: 'The holder id as normalised for the lookup.' },
    matter: { $ref: 'MatterSummary#' },
    materials: { type: 'array', items: { $ref: 'MaterialCheck#' } },
    receipts: { type: 'array', items: { $ref: 'IssuedReceipt#' }, description: 'With `receipt: true`: one usage receipt (加注件) per satisfied material.' },
    totals: {
      type: 'object',
      required: ['materials', 'waivable', 'satisfied'],
      properties: {
        materials: { type: 'integer', description: 'Materials of the matter.' },
        waivable: { type: 'integer', description: 'Materials some certificate type can replace.' },
        satisfied: { type: 'integer', description: 'Materials replaced by a certificate the holder holds.' },
      },
    },
  },
};

const errorReply: JsonSchema = {
  $id: 'Error',
  title: '错误 Error',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERRORS), description: 'Stable code from the error catalogue (docs/errors.md).' },
        message: { type: 'string' },
        details: { description: 'Structured facts about the error, e.g. the field that failed validation.' },
      },
    },
  },
};

const SHARED_SCHEMAS: readonly JsonSchema[] = [
  errorReply,
  certificateRecord,
  certificate,
  certificateVersion,
  material,
  matter,
  matterSummary,
  certificateUsed,
  materialCheck,
  checkResult,
];

export function addSharedSchemas(app: FastifyInstance): void {
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
}

/** The project's identifier formats, so that schemas derived from schemas/ compile in Fastify's ajv. */
export const AJV_FORMATS = Object.fromEntries(
  Object.entries(customFormats).map(([name, validate]) => [name, { type: 'string' as const, validate }]),
);

/** Error responses of a route: every 4xx and 5xx has the one error shape. */
export const ERROR_RESPONSES = { '4xx': { $ref: 'Error#' }, '5xx': { $ref: 'Error#' } } as const;
