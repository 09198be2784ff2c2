import type { FastifyPluginAsync } from 'fastify';
import { accessRecord } from '../../lookups/access-record.ts';
import type { LookupContext } from '../../lookups/lookup-context.ts';
import { certificateField, ERROR_RESPONSES, HOLDER_ID_PATTERN, textInput } from '../schemas.ts';

interface AccessLogRoute {
  Params: { holderId: string };
  Querystring: { since?: string; limit?: number };
}

/** GET /v1/holders/:holderId/access-log */
export const accessLogRoutes: FastifyPluginAsync<{ ctx: LookupContext }> = async (app, { ctx }) => {
  app.get<AccessLogRoute>(
    '/v1/holders/:holderId/access-log',
    {
      config: { scopes: ['access-log:read'] },
      schema: {
        summary: "A holder's access record (用证记录)",
        description:
          'Every lookup and check of the holder: when, which client, purpose, matter, what was answered and the receipts issued, oldest first. ' +
          'Found through the keyed holder hash, so the log itself keeps no raw id; every written form of the id (full-width, lower-case x, 15-digit) finds the same record. ' +
          'For a citizen portal that has authenticated the holder.',
        tags: ['access-log'],
        security: [{ bearer: [] }],
        params: {
          type: 'object',
          required: ['holderId'],
          properties: { holderId: textInput(certificateField('holder_id'), '持证主体代码 Holder id in any written form.', { pattern: HOLDER_ID_PATTERN }) },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            since: { type: 'string', format: 'date-time', description: 'Only entries at or after this instant.' },
            limit: { type: 'integer', minimum: 1, maximum: 10000, default: 1000, description: 'Most entries to return; `truncated` says when there were more.' },
          },
        },
        response: { 200: { $ref: 'AccessRecord#' }, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const since = request.query.since === undefined ? undefined : new Date(request.query.since);
      return accessRecord(ctx.db, ctx.holderHashKey, request.params.holderId, { since, limit: request.query.limit });
    },
  );
};
