import { type Catalog, openDatabase } from '../../catalog/open-database.ts';
import { throwAwayDatabase } from '../throwaway-database.ts';

/** A migrated catalogue in a fresh database on the server of `adminUrl`; `drop` closes and removes it. */
export async function throwAwayCatalogue(adminUrl: string, prefix: string): Promise<{ url: string; catalog: Catalog; drop: () => Promise<void> }> {
  const database = await throwAwayDatabase(adminUrl, prefix);
  const catalog = await openDatabase({ databaseUrl: database.url, storeDir: '' }, { migrate: true, poolSize: 4 });
  return {
    url: database.url,
    catalog,
    drop: async () => {
      await catalog.close();
      await database.drop();
    },
  };
}
