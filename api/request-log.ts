import type { FastifyRequest } from 'fastify';
import { maskId, maskIdentityNumbers } from '../core/log.ts';
import { cleanCode } from '../schemas/normalise/text.ts';

const HOLDER_SEGMENT = /^(\/v1\/holders\/)([^/?#]*)/;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The URL as it may be logged. The holder segment is masked whatever its spelling — full-width
 * or 15-digit ids are percent-encoded or short enough to escape a pattern — and any other
 * identity number in the URL is masked too.
 */
export function maskUrl(url: string): string {
  const masked = url.replace(HOLDER_SEGMENT, (_m, prefix: string, segment: string) => prefix + maskId(cleanCode(decoded(segment))));
  return maskIdentityNumbers(masked);
}

/** Replaces Fastify's `req` serializer: the same fields, with the URL masked. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: maskUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
