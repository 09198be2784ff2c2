import type { FastifyPluginAsync } from 'fastify';
import type { LookupContext } from '../../lookups/lookup-context.ts';
import { PURPOSE_MAX_LENGTH, requirePurpose } from '../../lookups/purpose.ts';
import { runCheck } from '../../lookups/run-check.ts';
import { clientOf } from '../auth.ts';
import { PURPOSE_HINT } from '../request-purpose.ts';
import { certificateField, ERROR_RESPONSES, HOLDER_ID_PATTERN, matterField, TEXT_PATTERN, textInput } from '../schemas.ts';

interface CheckRoute {
  Body: { matter_code: string; holder_id: string; purpose?: string; receipt?: boolean };
}

/** POST /v1/checks */
export const checkRoutes: FastifyPluginAsync<{ ctx: LookupContext }> = async (app, { ctx }) => {
  app.post<CheckRoute>(
    '/v1/checks',
    {
      config: { scopes: ['checks:run'] },
      schema: {
        summary: 'Which materials of a matter the holder need not bring (免证办理)',
        description:
          'For every material of the matter: satisfied (with the certificate used), expired, revoked, missing, or not_replaceable, ' +
          'and totals. A material is satisfied by the valid certificate of an accepted type with the latest valid_until (long-term counts as latest). Logged to the lookup log.',
        tags: ['checks'],
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          required: ['matter_code', 'holder_id'],
          additionalProperties: false,
          properties: {
            matter_code: textInput(matterField('matter_code'), '事项编码 Matter code.'),
            holder_id: textInput(certificateField('holder_id'), '持证主体代码 Holder id in any written form; normalised as for the holder route.', {
              pattern: HOLDER_ID_PATTERN,
            }),
            purpose: { type: 'string', maxLength: PURPOSE_MAX_LENGTH, pattern: TEXT_PATTERN, description: '查询事由 Purpose of the check; required.' },
            receipt: { type: 'boolean', default: false, description: 'Also return a signed usage receipt (加注件) for every satisfied material; see `IssuedReceipt` and `ReceiptClaims`.' },
          },
        },
        response: { 200: { $ref: 'CheckResult#' }, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const caller = { clientId: clientOf(request).id, purpose: requirePurpose(request.body.purpose, PURPOSE_HINT) };
      return runCheck(ctx, caller, { matterCode: request.body.matter_code, holderId: request.body.holder_id, receipt: request.body.receipt });
    },
  );
};
