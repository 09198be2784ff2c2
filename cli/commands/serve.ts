import { build } from '../../api/build.ts';
import { rateLimitFromEnv } from '../../api/rate-limit-from-env.ts';
import { loadConfig } from '../../core/config.ts';
import { createLogger } from '../../core/log.ts';
import { resolveHolderHashKey } from '../../lookups/holder-hash-key.ts';
import { hubIdFrom, openReceiptSigner } from '../../lookups/receipts/receipt-signer.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { withCatalog } from '../with-catalog.ts';

export interface ServeOptions {
  workspace: string;
  port: string;
  host: string;
  /** Connections to a Postgres catalogue; default ECERT_POOL_SIZE's. */
  pool?: string | undefined;
}

function portOf(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ExitError(EXIT_USAGE, `--port must be a number from 0 to 65535, got "${value}"`);
  return port;
}

function poolOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const pool = Number(value);
  if (value.trim() === '' || !Number.isInteger(pool) || pool <= 0) {
    throw new ExitError(EXIT_USAGE, `--pool must be a positive whole number of connections, got "${value}"`);
  }
  return pool;
}

/**
 * `ecert serve`: the lookup API until SIGINT or SIGTERM. Shutting down stops accepting
 * requests, lets those in flight finish, flushes and seals the lookup log, then closes the
 * catalogue.
 */
export async function serve(opts: ServeOptions): Promise<void> {
  const port = portOf(opts.port);
  const config = loadConfig({ workspace: opts.workspace });
  const poolSize = poolOf(opts.pool) ?? config.poolSize;
  const holderHashKey = resolveHolderHashKey(config);
  const rateLimit = rateLimitFromEnv();
  const logger = createLogger({ level: process.env.ECERT_LOG_LEVEL ?? 'info' });
  await withCatalog(opts.workspace, async (catalog) => {
    const receipts = await openReceiptSigner(catalog.db, config);
    if (receipts === undefined) logger.warn('no signing key: checks asking for receipts are refused until `ecert keys generate` is run');
    const app = await build({ db: catalog.db, logger, holderHashKey, rateLimit, receipts, hubId: hubIdFrom() });
    const url = await app.listen({ port, host: opts.host });
    // The embedded store is one connection in this process: a pool size means nothing there.
    const pool = catalog.kind === 'postgres' ? { pool_size: poolSize } : {};
    logger.info({ url, docs: `${url}/docs`, store: catalog.kind, ...pool }, `ecert-hub lookup API listening on ${url} (docs at ${url}/docs)`);
    await new Promise<void>((resolve, reject) => {
      const stop = (signal: NodeJS.Signals) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        logger.info({ signal }, 'shutting down');
        app.close().then(resolve, reject);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    logger.info('stopped');
  }, { poolSize });
}
