import type { FastifyPluginAsync } from 'fastify';
import type { LookupContext } from '../../lookups/lookup-context.ts';
import { lookupHolder } from '../../lookups/lookup-holder.ts';
import type { CertStatus } from '../../schemas/types.ts';
import { clientOf } from '../auth.ts';
import { PURPOSE_HEADERS, PURPOSE_QUERY, PURPOSE_RESPONSE_HEADERS, purposeOfRequest } from '../request-purpose.ts';
import { certificateField, ERROR_RESPONSES, field, HOLDER_ID_PATTERN, textInput } from '../schemas.ts';

interface HolderRoute {
  Params: { holderId: string };
  Querystring: { type?: string; status?: CertStatus; purpose?: string };
}

/** GET /v1/holders/:holderId/certificates */
export const holderRoutes: FastifyPluginAsync<{ ctx: LookupContext }> = async (app, { ctx }) => {
  app.get<HolderRoute>(
    '/v1/holders/:holderId/certificates',
    {
      config: { scopes: ['certificates:read'] },
      schema: {
        summary: "A holder's certificates",
        description:
          'Every certificate of the holder, each with `expired` derived for today. The holder id is normalised first ' +
          '(full-width → half-width, spaces removed, x → X, 15-digit resident ids → 18 digits), so every written form finds the same certificates. ' +
          'An unknown holder has no certificates (200 with an empty list). Logged to the lookup log.',
        tags: ['certificates'],
        security: [{ bearer: [] }],
        params: {
          type: 'object',
          required: ['holderId'],
          properties: {
            holderId: textInput(certificateField('holder_id'), '持证主体代码 Holder id (USCC, resident id, …) in any written form.', {
              pattern: HOLDER_ID_PATTERN,
            }),
          },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            type: field('certTypeCode', { pattern: '^[^\\s\\u0000-\\u001F]+$', description: 'Only certificates of this type.' }),
            status: field('certStatus', { description: 'Only certificates with this stored status; `expired` in the answer also covers valid ones past valid_until.' }),
            purpose: PURPOSE_QUERY,
          },
        },
        headers: PURPOSE_HEADERS,
        response: {
          200: {
            headers: PURPOSE_RESPONSE_HEADERS,
            type: 'object',
            required: ['as_of', 'holder_id', 'count', 'certificates'],
            properties: {
              as_of: { type: 'string', format: 'date', description: 'The date (Asia/Shanghai) `expired` was judged on.' },
              holder_id: { type: 'string', description: 'The holder id as normalised for the lookup.' },
              count: { type: 'integer' },
              certificates: { type: 'array', items: { $ref: 'Certificate#' } },
            },
          },
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const caller = { clientId: clientOf(request).id, purpose: purposeOfRequest(request, reply, request.query.purpose) };
      return lookupHolder(ctx, caller, {
        holderId: request.params.holderId,
        type: request.query.type,
        status: request.query.status,
      });
    },
  );
};
