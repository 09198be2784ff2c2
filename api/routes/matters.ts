import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { searchMatters } from '../../catalog/matter-repository.ts';
import type { Database } from '../../catalog/database.ts';
import { HubError } from '../../core/errors.ts';
import type { LookupContext } from '../../lookups/lookup-context.ts';
import { matterSummary } from '../../catalog/matter-summary.ts';
import { cleanCode } from '../../schemas/normalise/text.ts';
import { ERROR_RESPONSES, matterField, TEXT_PATTERN, textInput } from '../schemas.ts';

/** Matters are public catalogue data: either lookup scope may read them, and they are not logged. */
const MATTER_SCOPES = ['certificates:read', 'checks:run'] as const;

/** GET /v1/matters/:code and GET /v1/matters?q= */
export const matterRoutes: FastifyPluginAsync<{ db: Kysely<Database>; findMatter: LookupContext['findMatter'] }> = async (app, { db, findMatter }) => {
  app.get<{ Params: { code: string } }>(
    '/v1/matters/:code',
    {
      config: { scopes: MATTER_SCOPES },
      schema: {
        summary: 'One matter with its materials',
        tags: ['matters'],
        security: [{ bearer: [] }],
        params: { type: 'object', required: ['code'], properties: { code: textInput(matterField('matter_code'), '事项编码 Matter code.') } },
        response: { 200: { $ref: 'Matter#' }, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const matter = await findMatter(cleanCode(request.params.code));
      if (matter === undefined) throw new HubError('HUB_ERR_NOT_FOUND', 'No matter with that code');
      return { ...matterSummary(matter), materials: matter.materials };
    },
  );

  app.get<{ Querystring: { q?: string; limit: number } }>(
    '/v1/matters',
    {
      config: { scopes: MATTER_SCOPES },
      schema: {
        summary: 'Search matters by name or code',
        tags: ['matters'],
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 100, pattern: TEXT_PATTERN, description: 'Part of the name, code or local code; case-insensitive. All matters when absent.' },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['matters'],
            properties: { matters: { type: 'array', items: { $ref: 'MatterSummary#' } } },
          },
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const rows = await searchMatters(db, request.query.q ?? '', request.query.limit);
      return { matters: rows.map(matterSummary) };
    },
  );
};
