import type { FastifyPluginAsync } from 'fastify';
import type { LookupContext } from '../../lookups/lookup-context.ts';
import { readCertificate } from '../../lookups/read-certificate.ts';
import { clientOf } from '../auth.ts';
import { PURPOSE_HEADERS, PURPOSE_QUERY, PURPOSE_RESPONSE_HEADERS, purposeOfRequest } from '../request-purpose.ts';
import { certificateField, ERROR_RESPONSES, textInput } from '../schemas.ts';

interface CertificateRoute {
  Params: { typeCode: string; issuerCode: string; number: string };
  Querystring: { purpose?: string };
}

/** GET /v1/certificates/:typeCode/:issuerCode/:number */
export const certificateRoutes: FastifyPluginAsync<{ ctx: LookupContext }> = async (app, { ctx }) => {
  app.get<CertificateRoute>(
    '/v1/certificates/:typeCode/:issuerCode/:number',
    {
      config: { scopes: ['certificates:read'] },
      schema: {
        summary: 'One certificate with its version history',
        description: 'The current certificate (natural key: type, issuer, number) and every version of its hash chain, oldest first. Logged to the lookup log.',
        tags: ['certificates'],
        security: [{ bearer: [] }],
        params: {
          type: 'object',
          required: ['typeCode', 'issuerCode', 'number'],
          properties: {
            typeCode: textInput(certificateField('cert_type_code'), 'Certificate type code, compared exactly.'),
            issuerCode: textInput(certificateField('issuer_code'), "The issuing authority's USCC."),
            number: textInput(certificateField('cert_number'), 'Certificate number as printed (URL-encoded).', { maxLength: 128 }),
          },
        },
        querystring: { type: 'object', additionalProperties: false, properties: { purpose: PURPOSE_QUERY } },
        headers: PURPOSE_HEADERS,
        response: {
          200: {
            headers: PURPOSE_RESPONSE_HEADERS,
            type: 'object',
            required: ['as_of', 'certificate', 'versions'],
            properties: {
              as_of: { type: 'string', format: 'date' },
              certificate: { $ref: 'Certificate#' },
              versions: { type: 'array', items: { $ref: 'CertificateVersion#' } },
            },
          },
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const caller = { clientId: clientOf(request).id, purpose: purposeOfRequest(request, reply, request.query.purpose) };
      return readCertificate(ctx, caller, request.params);
    },
  );
};
