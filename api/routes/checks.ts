import type { FastifyPluginAsync } from 'fastify';
import { CASE_NO_MAX_LENGTH, checkContextOf, OPERATOR_MAX_LENGTH } from '../../lookups/check-context.ts';
import type { LookupContext } from '../../lookups/lookup-context.ts';
import { PURPOSE_MAX_LENGTH } from '../../lookups/purpose.ts';
import { runCheck } from '../../lookups/run-check.ts';
import { clientOf } from '../auth.ts';
import { PURPOSE_HEADERS, PURPOSE_RESPONSE_HEADERS, purposeOfRequest } from '../request-purpose.ts';
import { certificateField, ERROR_RESPONSES, HOLDER_ID_PATTERN, matterField, TEXT_PATTERN, textInput } from '../schemas.ts';

interface CheckRoute {
  Body: { matter_code: string; holder_id: string; purpose?: string; operator?: string; case_no?: string; receipt?: boolean };
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
            purpose: {
              type: 'string',
              maxLength: PURPOSE_MAX_LENGTH,
              pattern: TEXT_PATTERN,
              description: '查询事由 Purpose of the check; required, here or as an X-Purpose header (the header wins when both hold text).',
            },
            operator: {
              type: 'string',
              maxLength: OPERATOR_MAX_LENGTH,
              pattern: TEXT_PATTERN,
              description: '经办人 Who at the window runs the check (name or staff number); optional, kept in the lookup log.',
            },
            case_no: {
              type: 'string',
              maxLength: CASE_NO_MAX_LENGTH,
              pattern: TEXT_PATTERN,
              description: '办件编号 The case the check is for; optional, kept in the lookup log.',
            },
            receipt: { type: 'boolean', default: false, description: 'Also return a signed usage receipt (加注件) for every satisfied material; see `IssuedReceipt` and `ReceiptClaims`.' },
          },
        },
        headers: PURPOSE_HEADERS,
        response: { 200: { description: 'The check result.', headers: PURPOSE_RESPONSE_HEADERS, $ref: 'CheckResult#' }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const caller = {
        clientId: clientOf(request).id,
        purpose: purposeOfRequest(request, reply, request.body.purpose),
        ...checkContextOf({ operator: request.body.operator, caseNo: request.body.case_no }),
      };
      return runCheck(ctx, caller, { matterCode: request.body.matter_code, holderId: request.body.holder_id, receipt: request.body.receipt });
    },
  );
};
