import type { FastifyPluginAsync } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../catalog/database.ts';
import { HubError } from '../../core/errors.ts';
import { ERROR_RESPONSES } from '../schemas.ts';

const STATUS = { type: 'object', required: ['status'], properties: { status: { type: 'string' } } } as const;

/** Probes for the orchestrator: open, not rate-limited, never logged as lookups. */
export const healthRoutes: FastifyPluginAsync<{ db: Kysely<Database> }> = async (app, { db }) => {
  app.get(
    '/healthz',
    { schema: { summary: 'The process is up', tags: ['health'], response: { 200: STATUS } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    { schema: { summary: 'The catalogue database answers', tags: ['health'], response: { 200: STATUS, ...ERROR_RESPONSES } } },
    async () => {
      try {
        await sql`select 1`.execute(db);
      } catch (err) {
        throw new HubError('HUB_ERR_DB_UNAVAILABLE', undefined, undefined, { cause: err });
      }
      return { status: 'ready' };
    },
  );
};
