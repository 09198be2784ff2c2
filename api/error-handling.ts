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

/** A URL the router cannot decode (bad percent-encoding): bad input, answered without echoing it. */
export function frameworkErrors(_err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void send(reply, new HubError('HUB_ERR_VALIDATION', 'The URL is not valid: check its percent-encoding'));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const hub = toHubError(err);
    if (hub.status >= 500) request.log.error({ event: 'error', err: maskedError(err), code: hub.code }, 'request failed');
    else request.log.info({ code: hub.code, status: hub.status }, hub.message);
    return send(reply, hub);
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, new HubError('HUB_ERR_NOT_FOUND', `No route ${request.method} ${maskUrl(request.url).split('?')[0]}`)),
  );
}
