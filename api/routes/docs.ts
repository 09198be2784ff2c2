import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';

/** GET /openapi.json and the docs page at /docs, served from the package (no CDN). */
export const docsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: false } });
  app.get(
    '/openapi.json',
    { schema: { hide: true, response: { 200: { type: 'object', additionalProperties: true, description: 'The OpenAPI 3 document of this API.' } } } },
    async () => app.swagger(),
  );
};
