import { RECEIPT_PROBLEMS } from '../lookups/receipts/verify-receipt.ts';

type JsonSchema = { [key: string]: unknown };

const certStatus = { type: 'string', enum: ['valid', 'revoked', 'cancelled', 'suspended', 'expired'] };
const nullableDate = { type: ['string', 'null'], format: 'date' };

const issuedReceipt: JsonSchema = {
  $id: 'IssuedReceipt',
  title: '加注件 Usage receipt',
  description: 'A signed receipt for one satisfied material. `token` is a compact JWS (EdDSA / Ed25519) whose claims are `ReceiptClaims`; file it with the case.',
  type: 'object',
  required: ['id', 'material_code', 'token', 'expires_at'],
  properties: {
    id: { type: 'string', description: 'Receipt id (the `jti` claim); the lookup-log row of the check records it with the sha-256 of the token.' },
    material_code: { type: 'string' },
    token: { type: 'string', description: 'Compact JWS; header `{alg: EdDSA, kid, typ: ecert-receipt+jwt}`; keys at /.well-known/jwks.json.' },
    expires_at: { type: 'string', format: 'date-time' },
  },
};

const receiptClaims: JsonSchema = {
  $id: 'ReceiptClaims',
  title: '加注件内容 Receipt claims',
  description: 'The signed payload of a receipt: which certificate a window relied on, for which matter and material, who asked, why, and until when.',
  type: 'object',
  required: ['jti', 'iss', 'iat', 'exp', 'certificate', 'as_of', 'matter_code', 'material_code', 'client', 'purpose'],
  properties: {
    jti: { type: 'string', description: 'Receipt id.' },
    iss: { type: 'string', description: 'The issuing hub (ECERT_HUB_ID).' },
    iat: { type: 'integer', description: 'Issued at, seconds since the epoch.' },
    exp: { type: 'integer', description: 'Valid until, seconds since the epoch (per matter; 30 days by default).' },
    certificate: {
      type: 'object',
      description: 'The certificate as the catalogue held it when the check ran.',
      required: ['cert_type_code', 'issuer_code', 'cert_number', 'version', 'content_hash', 'status', 'valid_from', 'valid_until'],
      properties: {
        cert_type_code: { type: 'string' },
        issuer_code: { type: 'string' },
        cert_number: { type: 'string' },
        version: { type: 'integer', description: 'Catalogue version relied on.' },
        content_hash: { type: 'string', description: 'sha-256 of that version’s canonical fields.' },
        status: certStatus,
        valid_from: nullableDate,
        valid_until: { ...nullableDate, description: 'null: long-term (长期).' },
      },
    },
    as_of: { type: 'string', format: 'date', description: 'The date (Asia/Shanghai) validity was judged on.' },
    matter_code: { type: 'string' },
    material_code: { type: 'string' },
    client: { type: 'string', description: 'Id of the API client that ran the check (`cli` for the command line).' },
    purpose: { type: 'string', description: '查询事由 as logged, identity numbers masked.' },
  },
};

const receiptVerdict: JsonSchema = {
  $id: 'ReceiptVerdict',
  title: '加注件核验 Receipt verification',
  type: 'object',
  required: ['receipt_id', 'valid', 'reason', 'message', 'signature_valid', 'issued_by_this_hub', 'expired', 'logged', 'certificate_valid_now', 'certificate_now', 'claims'],
  properties: {
    receipt_id: { type: ['string', 'null'] },
    valid: { type: 'boolean', description: 'Signed by this hub, unaltered, recorded in its lookup log, and not expired.' },
    reason: {
      type: ['string', 'null'],
      enum: [...Object.keys(RECEIPT_PROBLEMS), null],
      description: `The first problem found, null when none: ${Object.entries(RECEIPT_PROBLEMS)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}.`,
    },
    message: { type: 'string' },
    signature_valid: { type: 'boolean' },
    issued_by_this_hub: { type: 'boolean' },
    expired: { type: ['boolean', 'null'] },
    logged: { type: ['boolean', 'null'], description: 'The lookup log records this exact token.' },
    certificate_valid_now: { type: ['boolean', 'null'], description: 'The certificate is valid today (it may have been revoked since the receipt).' },
    certificate_now: {
      type: ['object', 'null'],
      required: ['status', 'valid_until', 'expired', 'version', 'changed_since_issue'],
      properties: {
        status: certStatus,
        valid_until: nullableDate,
        expired: { type: 'boolean' },
        version: { type: 'integer' },
        changed_since_issue: { type: 'boolean' },
      },
    },
    claims: { anyOf: [{ $ref: 'ReceiptClaims#' }, { type: 'null' }] },
  },
};

const accessRecord: JsonSchema = {
  $id: 'AccessRecord',
  title: '用证记录 Access record',
  description: 'Every lookup and check of one holder, oldest first, found through the keyed holder hash of the lookup log.',
  type: 'object',
  required: ['holder', 'since', 'count', 'truncated', 'entries'],
  properties: {
    holder: { type: 'string', description: 'The holder id, masked.' },
    since: { type: ['string', 'null'], format: 'date-time' },
    count: { type: 'integer' },
    truncated: { type: 'boolean', description: 'More entries exist than were returned; ask again with a later `since`.' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['seq', 'at', 'client_id', 'client_name', 'purpose', 'kind', 'matter_code', 'matter_name', 'result', 'receipts'],
        properties: {
          seq: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          client_id: { type: 'string' },
          client_name: { type: ['string', 'null'] },
          purpose: { type: 'string', description: '查询事由' },
          kind: { type: 'string', enum: ['holder', 'certificate', 'check'], description: 'holder: certificates listed; certificate: one read; check: a matter checked.' },
          matter_code: { type: ['string', 'null'] },
          matter_name: { type: ['string', 'null'] },
          result: { description: 'What was answered, as the lookup log summarises it.' },
          receipts: { type: 'array', items: { type: 'string' }, description: 'Ids of receipts the check issued.' },
        },
      },
    },
  },
};

export const RECEIPT_SCHEMAS: readonly JsonSchema[] = [issuedReceipt, receiptClaims, receiptVerdict, accessRecord];
