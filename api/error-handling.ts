import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HubError, isHubError } from '../core/errors.ts';
import { maskIdentityNumbers } from '../core/log.ts';
import { schemaErrorParts } from '../schemas/describe-schema-error.ts';
import { maskUrl } from './request-log.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Connection-level failures of the catalogue: the request may succeed later. */
const DB_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006']);

function validationError(err: FastifyError): HubError {
  const issues = (err.validation ?? []).map((issue) => {
    const { path, words } = schemaErrorParts(issue);
    return { field: [err.validationContext, ...path].filter(Boolean).join('.'), keyword: issue.keyword, message: words };
  });
  const first = issues[0];
  const field = first?.field ?? err.validationContext ?? '';
  return new HubError('HUB_ERR_VALIDATION', `${field} ${first?.message ?? 'is invalid'}`, { field, issues });
}

/**
 * The one mapping from anything thrown to the error catalogue. Client mistakes are 400 with
 * a code; only faults of the hub itself are 500, and those say nothing about their cause.
 */
export function toHubError(err: unknown): HubError {
  if (isHubError(err)) return err;
  const e = err as Partial<FastifyError> & { code?: string };
  if (e.validation !== undefined) return validationError(e as FastifyError);
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new HubError('HUB_ERR_BODY_TOO_LARGE');
  // Postgres class 22 (data exception): a value the database cannot take, e.g. a NUL byte in text.
  if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) return new HubError('HUB_ERR_VALIDATION', 'A value in the request cannot be used');
  if (typeof e.code === 'string' && DB_UNAVAILABLE.has(e.code)) return new HubError('HUB_ERR_DB_UNAVAILABLE');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new HubError('HUB_ERR_VALIDATION', maskIdentityNumbers(e.message ?? 'Bad request'));
  }
  return new HubError('HUB_ERR_INTERNAL');
}

export function errorBody(err: HubError): ErrorBody {
  return { error: err.toJSON() };
}

function maskedError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: maskIdentityNumbers(String(err)) };
  return {
    type: err.name,
    code: (err as { code?: unknown }).code,
    message: maskIdentityNumbers(err.message),
    stack: err.stack === undefined ? undefined : maskIdentityNumbers(err.stack),
  };
}

function send(reply: FastifyReply, err: HubError): FastifyReply {
  if (err.code === 'HUB_ERR_UNAUTHORIZED') reply.header('www-authenticate', 'Bearer');
  return reply.status(err.status).send(errorBody(err));
}

/** Longest path parameter the router takes; the route schemas set tighter limits per parameter. */
export const MAX_PARAM_LENGTH = 256;

/** A URL the router cannot take (bad percent-encoding, an overlong parameter): bad input, answered without echoing it. */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `A path parameter is longer than ${MAX_PARAM_LENGTH} characters; no code or id is that long`
      : 'The URL is not valid: check its percent-encoding';
  void send(reply, new HubError('HUB_ERR_VALIDATION', message));
}

const CLIENT_ERROR_BODY = JSON.stringify(
  errorBody(new HubError('HUB_ERR_VALIDATION', 'The request is not valid HTTP: percent-encode non-ASCII characters in the URL (RFC 3986)')),
);

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (raw UTF-8 in the request line,
 * a malformed header) still get the documented error shape.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.write(
      `HTTP/1.1 ${status}\r\nContent-Length: ${Buffer.byteLength(CLIENT_ERROR_BODY)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${CLIENT_ERROR_BODY}`,
    );
  }
  socket.destroy(err);
}

/** The client went away mid-request (an upload cut off): nothing the hub or its database did wrong. */
function isClientAbort(err: unknown, request: FastifyRequest): boolean {
  const raw = request.raw;
  if (raw.aborted || raw.readableAborted) return true;
  return (err as { code?: unknown }).code === 'ECONNRESET' && raw.socket?.destroyed === true;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    if (isClientAbort(err, request)) {
      request.log.info({ event: 'client_aborted', method: request.method, route: request.routeOptions.url }, 'the client closed the connection before the request was complete');
      return send(reply, new HubError('HUB_ERR_VALIDATION', 'The request was not received in full'));
    }
    const hub = toHubError(err);
    if (hub.status >= 500) request.log.error({ event: 'error', err: maskedError(err), code: hub.code }, 'request failed');
    else request.log.info({ code: hub.code, status: hub.status }, hub.message);
    return send(reply, hub);
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, new HubError('HUB_ERR_NOT_FOUND', `No route ${request.method} ${maskUrl(request.url).split('?')[0]}`)),
  );
}
