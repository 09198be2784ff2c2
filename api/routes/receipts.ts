import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../catalog/database.ts';
import type { LookupContext } from '../../lookups/lookup-context.ts';
import { verifyReceipt } from '../../lookups/receipts/verify-receipt.ts';
import { publishedJwks } from '../../lookups/signing-keys.ts';
import { ERROR_RESPONSES } from '../schemas.ts';

interface ReceiptRoute {
  Params: { id: string };
  Querystring: { token: string };
}

const JWK = {
  type: 'object',
  required: ['kty', 'crv', 'x', 'kid', 'alg', 'use'],
  properties: { kty: { type: 'string' }, crv: { type: 'string' }, x: { type: 'string' }, kid: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string' } },
} as const;

/** GET /.well-known/jwks.json and GET /v1/receipts/:id */
export const receiptRoutes: FastifyPluginAsync<{ db: Kysely<Database>; ctx: LookupContext; hubId: string }> = async (app, { db, ctx, hubId }) => {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        summary: 'The public keys usage receipts are signed with (JWKS)',
        description: 'Every Ed25519 key the hub has signed receipts with, retired ones included, so that receipts issued before a key rotation still verify offline. Open, no authentication.',
        tags: ['receipts'],
        response: { 200: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: JWK } } }, ...ERROR_RESPONSES },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return publishedJwks(db);
    },
  );

  app.get<ReceiptRoute>(
    '/v1/receipts/:id',
    {
      config: { scopes: ['receipts:verify'] },
      schema: {
        summary: 'Verify a usage receipt (加注件)',
        description:
          'Checks the receipt given in `token`: signature against the published keys, issued by this hub, recorded with this exact token in the lookup log, not expired, ' +
          'and whether the certificate is still valid today (it may have been revoked since). A receipt that does not hold is still a 200 answer, with `reason`.',
        tags: ['receipts'],
        security: [{ bearer: [] }],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$', description: 'Receipt id.' } } },
        querystring: {
          type: 'object',
          required: ['token'],
          additionalProperties: false,
          properties: { token: { type: 'string', minLength: 1, maxLength: 8192, pattern: '^[A-Za-z0-9_.-]+$', description: 'The receipt as issued (compact JWS).' } },
        },
        response: { 200: { $ref: 'ReceiptVerdict#' }, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const verdict = await verifyReceipt(request.query.token, { jwks: await publishedJwks(db), hubId, now: ctx.today(), db });
      // A genuine receipt presented under another id is answered as what it is, not as that id.
      if (verdict.receipt_id !== null && verdict.receipt_id !== request.params.id) {
        return { ...verdict, valid: false, reason: 'malformed' as const, message: `the token is receipt ${verdict.receipt_id}, not ${request.params.id}` };
      }
      return verdict;
    },
  );
};
