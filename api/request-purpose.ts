import { HubError } from '../core/errors.ts';
import { PURPOSE_MAX_LENGTH, requirePurpose } from '../lookups/purpose.ts';
import { TEXT_PATTERN } from './schemas.ts';

/** Where an API caller puts the purpose, for the message that refuses a request without one. */
export const PURPOSE_HINT = 'send `purpose` (body or query) or an X-Purpose header';

/** Query parameter `purpose` of the read routes. */
export const PURPOSE_QUERY = {
  type: 'string',
  maxLength: PURPOSE_MAX_LENGTH,
  pattern: TEXT_PATTERN,
  description: '查询事由 Purpose of the lookup; required, here or as an X-Purpose header.',
} as const;

export const PURPOSE_HEADERS = {
  type: 'object',
  properties: {
    'x-purpose': { type: 'string', description: '查询事由 Purpose of the lookup, percent-encoded UTF-8 (encodeURIComponent).' },
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
    return utf8.includes('\uFFFD') ? value : utf8;
  }
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HubError('HUB_ERR_VALIDATION', 'X-Purpose is not valid percent-encoded UTF-8', { field: 'headers.x-purpose' });
  }
}

/** For certificate reads: the X-Purpose header, else the `purpose` query parameter. */
export function purposeOfRead(header: string | string[] | undefined, query: string | undefined): string {
  const fromHeader = purposeFromHeader(header)?.trim();
  return requirePurpose(fromHeader ? fromHeader : query, PURPOSE_HINT);
}
