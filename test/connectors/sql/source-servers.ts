import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { throwAwayDatabase } from '../../../bench/throwaway-database.ts';
import type { SqlDriver } from '../../../connectors/sql/sql-session.ts';

/** A throw-away source database on a real server, seeded by the test itself. */
export interface SourceServer {
  driver: SqlDriver;
  url: string;
  /** Runs statements (several, separated by semicolons) as the department system would write. */
  exec(statements: string, params?: unknown[]): Promise<void>;
  drop(): Promise<void>;
}

const ADMIN_URLS: Record<SqlDriver, string> = { mysql: 'ECERT_TEST_MYSQL_URL', postgres: 'ECERT_TEST_DATABASE_URL' };

/** The servers configured for this run; each missing one is announced, never silently passed. */
export function sourceDrivers(suite: string): SqlDriver[] {
  return (Object.keys(ADMIN_URLS) as SqlDriver[]).filter((driver) => {
    if (process.env[ADMIN_URLS[driver]]) return true;
    console.warn(`SKIPPED: ${suite} on ${driver}: set ${ADMIN_URLS[driver]} to run it against a real server`);
    return false;
  });
}

async function mysqlServer(adminUrl: string): Promise<SourceServer> {
  const name = `ecert_src_${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: adminUrl });
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const conn = await mysql.createConnection({ uri: url.toString(), multipleStatements: true, timezone: '+00:00' });
  return {
    driver: 'mysql',
    url: url.toString(),
    exec: async (statements, params) => {
      await conn.query(statements, params);
    },
    drop: async () => {
      await conn.end();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

async function postgresServer(adminUrl: string): Promise<SourceServer> {
  const database = await throwAwayDatabase(adminUrl, 'ecert_src');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return {
    driver: 'postgres',
    url: database.url,
    exec: async (statements, params) => {
      await client.query(statements, params);
    },
    drop: async () => {
      await client.end();
      await database.drop();
    },
  };
}

/** Declares `body` once per configured server, with a fresh source database for the block. */
export function forEachSourceServer(name: string, body: (server: () => SourceServer) => void): void {
  const drivers = sourceDrivers(name);
  for (const driver of (Object.keys(ADMIN_URLS) as SqlDriver[]).filter((d) => !drivers.includes(d))) {
    // Shows in the test report as skipped, beside the console notice.
    describe.skip(`${name} [${driver} source]`, () => {
      it(`needs ${ADMIN_URLS[driver]}`, () => undefined);
    });
  }
  for (const driver of drivers) {
    describe(`${name} [${driver} source]`, () => {
      let server: SourceServer | undefined;
      beforeAll(async () => {
        const adminUrl = process.env[ADMIN_URLS[driver]]!;
        server = driver === 'mysql' ? await mysqlServer(adminUrl) : await postgresServer(adminUrl);
      });
      afterAll(async () => {
        await server?.drop();
      });
      body(() => {
        if (!server) throw new Error('source server not open yet');
        return server;
      });
    });
  }
}
