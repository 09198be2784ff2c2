import { type HubConfig, loadConfig } from '../core/config.ts';
import { upsertCertificateTypes } from '../catalog/certificate-type-repository.ts';
import { prepareSchema } from '../catalog/migrate.ts';
import { type Catalog, openDatabase } from '../catalog/open-database.ts';

/**
 * Opens the workspace's catalogue (embedded store or ECERT_DATABASE_URL), makes sure its
 * schema is current (the embedded store migrates itself, a server must have been migrated by
 * `ecert db migrate`), brings in the workspace's certificate types, runs `work`, and always
 * closes it so that the process can exit. A server is reached through a pool of `poolSize`
 * connections, by default ECERT_POOL_SIZE's.
 */
export async function withCatalog<T>(
  workspace: string,
  work: (catalog: Catalog, config: HubConfig) => Promise<T>,
  options: { poolSize?: number } = {},
): Promise<T> {
  const config = loadConfig({ workspace });
  const catalog = await openDatabase({ databaseUrl: config.databaseUrl, storeDir: config.storeDir }, { poolSize: options.poolSize ?? config.poolSize });
  try {
    await prepareSchema(catalog.db, catalog.kind);
    if (config.settings.certificate_types.length > 0) {
      await upsertCertificateTypes(catalog.db, config.settings.certificate_types);
    }
    return await work(catalog, config);
  } finally {
    await catalog.close();
  }
}
