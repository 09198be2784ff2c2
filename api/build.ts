import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { sealLookupLog } from '../catalog/lookup-log.ts';
import { startLookupSealer, startSealer } from '../catalog/lookup-log-writer.ts';
import { sealCertificateHeads } from '../catalog/seal-certificate-heads.ts';
import type { Database } from '../catalog/database.ts';
import { HubError } from '../core/errors.ts';
import { log, type Logger } from '../core/log.ts';
import { createLookupContext } from '../lookups/lookup-context.ts';
import { DEFAULT_HUB_ID, type ReceiptSigner } from '../lookups/receipts/receipt-signer.ts';
import { registerAuth, requiredScopes } from './auth.ts';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH, registerErrorHandling } from './error-handling.ts';
import { RequestCountStore } from './rate-limit-store.ts';
import { serializeRequest } from './request-log.ts';
import { certificateRoutes } from './routes/certificates.ts';
import { checkRoutes } from './routes/checks.ts';
import { docsRoutes } from './routes/docs.ts';
import { healthRoutes } from './routes/health.ts';
import { holderRoutes } from './routes/holders.ts';
import { matterRoutes } from './routes/matters.ts';
import { RECEIPT_SCHEMAS } from './receipt-schemas.ts';
import { accessLogRoutes } from './routes/access-log.ts';
import { receiptRoutes } from './routes/receipts.ts';
import { addSharedSchemas, AJV_FORMATS } from './schemas.ts';

export interface BuildOptions {
  db: Kysely<Database>;
  logger?: Logger;
  /** HMAC key for holder ids in the lookup log (see resolveHolderHashKey). */
  holderHashKey: string;
  /** Requests per client (or per IP before authentication) per time window; default 600 a minute. */
  rateLimit?: { max: number; timeWindow: number };
  /** Largest request body in bytes; default 64 KiB. */
  bodyLimit?: number;
  /** The instant validity is judged at; default now. */
  today?: () => Date;
  /** How often the sealer folds new lookup-log rows into blocks; default 300 ms. */
  sealIntervalMs?: number;
  /** How often the heads of certificate chains no sync sealed (a failed run's batches) are sealed; default 60 s. */
  certificateSealIntervalMs?: number;
  /**
   * How long API clients and matters read from the catalogue are reused; default 5 s. A
   * revoked key or a changed matter takes effect within this time; 0 reads them every time.
   * Unknown keys are remembered for UNKNOWN_KEY_TTL_MS (30 s) whatever this is.
   */
  cacheMs?: number;
  /** Signs usage receipts; without it a check asking for receipts is refused (HUB_ERR_SIGNING_KEY_MISSING). */
  receipts?: ReceiptSigner | undefined;
  /** The `iss` receipts are verified against; default the signer's, else ECERT_HUB_ID's default. */
  hubId?: string;
}

export const DEFAULT_RATE_LIMIT = { max: 600, timeWindow: 60_000 };
const DEFAULT_BODY_LIMIT = 64 * 1024;
const DEFAULT_CACHE_MS = 5000;

/**
 * The lookup API, ready but not listening (tests use inject(), `ecert serve` listens).
 * Closing the app flushes the lookup log, stops the sealer and seals what is left; the
 * caller closes the database afterwards.
 */
export async function build(options: BuildOptions): Promise<FastifyInstance> {
  const { db } = options;
  // Typed as Fastify's logger interface, so that the app is a plain FastifyInstance for callers.
  const logger: FastifyBaseLogger = (options.logger ?? log()).child({ component: 'api' }, { serializers: { req: serializeRequest } });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Bodies are checked, not cleaned: an unknown field is a client mistake worth a 400.
    ajv: { customOptions: { removeAdditional: false, formats: AJV_FORMATS } },
    frameworkErrors,
    clientErrorHandler,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  });

  addSharedSchemas(app);
  for (const schema of RECEIPT_SCHEMAS) app.addSchema(schema);
  registerErrorHandling(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ecert-hub lookup API',
        description: 'Window systems ask whether an applicant already holds the certificates a matter needs (免证办理). Every lookup is logged.',
        version: '1',
      },
      tags: [
        { name: 'certificates', description: 'Certificates by holder or by key (scope certificates:read)' },
        { name: 'checks', description: '免证办理 checks (scope checks:run)' },
        { name: 'matters', description: 'Service matters and their materials (either scope)' },
        { name: 'receipts', description: 'Usage receipts (加注件): published keys, verification (scope receipts:verify)' },
        { name: 'access-log', description: "A holder's access record, 用证记录 (scope access-log:read)" },
        { name: 'health', description: 'Probes, no authentication' },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from `ecert clients add`.' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });

  const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const ctx = createLookupContext(db, { holderHashKey: options.holderHashKey, today: options.today, cacheMs, receipts: options.receipts });
  registerAuth(app, db, { cacheMs, unknownKeys: { max: limit.max, windowMs: limit.timeWindow }, ctx });
  await app.register(rateLimit, {
    max: limit.max,
    timeWindow: limit.timeWindow,
    store: RequestCountStore,
    keyGenerator: (request) => (request.client === null ? `ip:${request.ip}` : `client:${request.client.id}`),
    allowList: (request) => requiredScopes(request) === undefined,
    errorResponseBuilder: (_request, context) =>
      new HubError('HUB_ERR_RATE_LIMITED', `Rate limit of ${context.max} requests per ${context.after} reached; retry later`, {
        limit: context.max,
        retry_after_seconds: Math.ceil(context.ttl / 1000),
      }),
  });

  let sealer: { stop(): Promise<void> } | undefined;
  let certificateSealer: { stop(): Promise<void> } | undefined;
  app.addHook('onReady', async () => {
    sealer = startLookupSealer(db, {
      intervalMs: options.sealIntervalMs ?? 300,
      onError: (err) => app.log.warn({ event: 'error', stage: 'seal', err }, 'sealing the lookup log failed; retrying'),
    });
    certificateSealer = startSealer(() => sealCertificateHeads(db), {
      intervalMs: options.certificateSealIntervalMs ?? 60_000,
      onError: (err) => app.log.warn({ event: 'error', stage: 'seal', err }, 'sealing the certificate chain heads failed; retrying'),
    });
  });
  app.addHook('onClose', async () => {
    await ctx.lookupLog.flush();
    await sealer?.stop();
    await certificateSealer?.stop();
    try {
      await sealLookupLog(db);
    } catch (err) {
      // Rows left unsealed are sealed by the next server; `ecert audit verify` reports them meanwhile.
      app.log.warn({ event: 'error', stage: 'seal', err }, 'could not seal the lookup log on shutdown');
    }
  });

  await app.register(healthRoutes, { db });
  await app.register(holderRoutes, { ctx });
  await app.register(certificateRoutes, { ctx });
  await app.register(checkRoutes, { ctx });
  await app.register(matterRoutes, { db, findMatter: ctx.findMatter });
  await app.register(receiptRoutes, { db, ctx, hubId: options.hubId ?? options.receipts?.hubId ?? DEFAULT_HUB_ID });
  await app.register(accessLogRoutes, { ctx });
  await app.register(docsRoutes);
  await app.ready();
  return app;
}
