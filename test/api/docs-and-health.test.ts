import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachTarget } from '../setup.ts';
import { buildApp } from './api-fixture.ts';

interface OpenApiDoc {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, { security?: unknown[]; parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

forEachTarget('OpenAPI, docs and probes', (getCatalog) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(getCatalog().db);
  });
  afterAll(async () => {
    await app.close();
  });

  it('/openapi.json is OpenAPI 3 with every route, its schemas and bearer security, without authentication', async () => {
    const res = await app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as OpenApiDoc;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/.well-known/jwks.json',
        '/healthz',
        '/readyz',
        '/v1/certificates/{typeCode}/{issuerCode}/{number}',
        '/v1/checks',
        '/v1/holders/{holderId}/access-log',
        '/v1/holders/{holderId}/certificates',
        '/v1/receipts/{id}',
        '/v1/matters',
        '/v1/matters/{code}',
      ].sort(),
    );
    const holder = doc.paths['/v1/holders/{holderId}/certificates']!.get!;
    expect(holder.security).toEqual([{ bearer: [] }]);
    expect(holder.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['path:holderId', 'query:type', 'query:status', 'query:purpose', 'header:x-purpose']));
    expect(Object.keys(holder.responses)).toEqual(expect.arrayContaining(['200', '4XX', '5XX']));
    const check = doc.paths['/v1/checks']!.post!;
    expect(check.requestBody).toBeDefined();
    // The purpose rule: X-Purpose on every route that needs a purpose, and the answer says whether it was masked.
    expect(check.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['header:x-purpose']);
    for (const route of [check, holder, doc.paths['/v1/certificates/{typeCode}/{issuerCode}/{number}']!.get!]) {
      expect(route.responses['200']).toMatchObject({ headers: { 'X-Purpose-Masked': { schema: { type: 'string', enum: ['true', 'false'] } } } });
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'Certificate', 'CertificateVersion', 'Matter', 'Material', 'CheckResult', 'MaterialCheck', 'IssuedReceipt', 'ReceiptClaims', 'ReceiptVerdict', 'AccessRecord']),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(JSON.stringify(doc)).not.toContain('defs.schema.json');
  });

  it('/docs lists each schema once, under a title no other schema has', async () => {
    const res = await app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const schemas = (res.json() as { components: { schemas: Record<string, { title?: string }> } }).components.schemas;
    expect(Object.keys(schemas).filter((name) => /^def-\d+$/.test(name)), 'schemas without a name of their own').toEqual([]);
    const titles = Object.values(schemas).map((s) => s.title);
    expect(titles.filter((t) => t === undefined)).toEqual([]);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i), 'titles used twice').toEqual([]);
  });

  it('/docs serves the Swagger UI from the package, with no CDN', async () => {
    const page = await app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    const bundle = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toContain('javascript');
  });

  it('/healthz and /readyz answer without authentication', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });
});
