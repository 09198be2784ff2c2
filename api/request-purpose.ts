import type { FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../core/errors.ts';
import { checkPurpose, PURPOSE_MAX_LENGTH } from '../lookups/purpose.ts';
import { TEXT_PATTERN } from './schemas.ts';

/** Where an API caller puts the purpose, for the message that refuses a request without one. */
export const PURPOSE_HINT = 'send `purpose` (body or query) or an X-Purpose header';

/** How a purpose is checked and stored, for the API documentation. */
const PURPOSE_RULE =
  'Resident ids (18 or 15 digits) and unified social credit codes in it, also spaced or in full-width digits, are masked ' +
  '(first 6 and last 4 characters kept) before it is stored in the lookup log, and the answer says so in X-Purpose-Masked. ' +
  'Bidirectional control characters and bytes that are not UTF-8 are refused (400).';

/** Query parameter `purpose` of the read routes. */
export const PURPOSE_QUERY = {
  type: 'string',
  maxLength: PURPOSE_MAX_LENGTH,
  pattern: TEXT_PATTERN,
  description: `查询事由 Purpose of the lookup; required, here or as an X-Purpose header (the header wins). ${PURPOSE_RULE}`,
} as const;

export const PURPOSE_HEADERS = {
  type: 'object',
  properties: {
    'x-purpose': {
      type: 'string',
      description:
        '查询事由 Purpose of the lookup, percent-encoded UTF-8 (encodeURIComponent); wins over a `purpose` in the query or body. ' +
        PURPOSE_RULE,
    },
  },
} as const;

/** Headers of an answer to a request that carries a purpose. */
export const PURPOSE_RESPONSE_HEADERS = {
  'X-Purpose-Masked': {
    type: 'string',
    enum: ['true', 'false'],
    description: '`true` when identity numbers or credit codes were masked out of the purpose before it was logged, else `false`.',
  },
} as const;

/**
 * HTTP header values are Latin-1 on the wire, so clients send a Chinese purpose either
 * percent-encoded (encodeURIComponent) or as raw UTF-8 bytes; both are read back to text.
 */
function purposeFromHeader(raw: string | string[] | undefined): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  if (/[^\x00-\x7F]/.test(value)) {
    const utf8 = Buffer.from(value, 'latin1').toString('utf8');
    if (utf8.includes('\uFFFD')) {
      throw new HubError('HUB_ERR_VALIDATION', 'X-Purpose is not UTF-8: send it percent-encoded (encodeURIComponent)', { field: 'headers.x-purpose' });
    }
    return utf8;
  }
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HubError('HUB_ERR_VALIDATION', 'X-Purpose is not valid percent-encoded UTF-8', { field: 'headers.x-purpose' });
  }
}

export const PURPOSE_MASKED_HEADER = 'x-purpose-masked';

/**
 * The purpose of a request: the X-Purpose header when it holds text, else `inline` (the
 * `purpose` query parameter of a read, the body field of a check). The answer carries
 * `X-Purpose-Masked: true` when identity numbers were masked out of it before logging.
 */
export function purposeOfRequest(request: FastifyRequest, reply: FastifyReply, inline: string | undefined): string {
  const fromHeader = purposeFromHeader(request.headers['x-purpose'])?.trim();
  const purpose = checkPurpose(fromHeader ? fromHeader : inline, PURPOSE_HINT);
  reply.header(PURPOSE_MASKED_HEADER, String(purpose.masked));
  return purpose.text;
}
