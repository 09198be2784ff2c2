import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** One client for the duration of `work`, closed afterwards. */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface ThrowAwayDatabase {
  /** `adminUrl` pointing at the new database. */
  url: string;
  /** Drops the database, even with connections still open. */
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named database on the server of `adminUrl` (whose user may create
 * databases), for a benchmark or a test suite that must not share tables with another.
 */
export async function throwAwayDatabase(adminUrl: string, prefix: string): Promise<ThrowAwayDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await withPgClient(adminUrl, (c) => c.query(`create database ${name}`));
  return {
    url: url.toString(),
    drop: async () => {
      await withPgClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
