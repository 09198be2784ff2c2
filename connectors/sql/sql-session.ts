import type { FieldPacket } from 'mysql2/promise';
import pg from 'pg';
import { HubError } from '../../core/errors.ts';
import { offsetMinutes, wallToIso, zonedToIso } from './zoned-time.ts';

export type SqlDriver = 'postgres' | 'mysql';

export interface SqlRows {
  columns: string[];
  rows: Record<string, unknown>[];
}

/**
 * One connection holding one read-only, repeatable-read transaction: every page of a run reads
 * the same snapshot. Values come out canonical: times as ISO text with an offset, dates as
 * yyyy-mm-dd, DECIMAL and BIGINT as text (no float rounding of a licence number or an amount).
 */
export interface SqlSession {
  quote(identifier: string): string;
  /** Placeholder for the n-th (1-based) parameter. */
  param(n: number): string;
  query(text: string, params: unknown[]): Promise<SqlRows>;
  primaryKey(table: string): Promise<string[]>;
  close(): Promise<void>;
}

/** `driver://host:port/database`, never the user or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'an unparseable URL';
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST', '57P01', '57P03']);

// Postgres' read_only_sql_transaction and MySQL/MariaDB's refusal of a write in a READ ONLY transaction.
const READ_ONLY_VIOLATION = new Set(['25006', 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION']);

/** A driver error as a HubError whose message never holds the URL's password. */
export function sourceError(err: unknown, url: string, doing: string): HubError {
  if (err instanceof HubError) return err;
  const e = err as { code?: string; message?: string };
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // An unparseable URL has no password to hide; the driver has already said what is wrong with it.
  }
  const raw = e.message || String(err);
  const message = password ? raw.split(password).join('***') : raw;
  const where = describeUrl(url);
  if (e.code && READ_ONLY_VIOLATION.has(e.code)) {
    return new HubError('HUB_ERR_SOURCE_QUERY_REFUSED', `${where}: source query refused: it writes, and the source is read in a read-only transaction: ${message}`, { source: where, code: e.code }, { cause: err });
  }
  if (e.code && UNREACHABLE.has(e.code)) {
    return new HubError('HUB_ERR_SOURCE_UNAVAILABLE', `${where}: cannot ${doing}: ${message}`, { source: where, code: e.code }, { cause: err });
  }
  return new HubError('HUB_ERR_SOURCE_UNREADABLE', `${where}: cannot ${doing}: ${message}`, { source: where, code: e.code }, { cause: err });
}

function unsupported(column: string, type: string): HubError {
  return new HubError(
    'HUB_ERR_SOURCE_TYPE_UNSUPPORTED',
    `source column "${column}" is ${type}: binary columns cannot be taken in; leave it out of the query`,
    { column, type },
  );
}

const PG = { bytea: 17, int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184, numeric: 1700 };
const PG_TEXT = new Set([PG.int8, PG.date, PG.timestamp, PG.timestamptz, PG.numeric]);

async function postgresSession(url: string, zone: string): Promise<SqlSession> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    types: {
      // Text for the types mapped here; pg's own parsers (int, float, bool, json) for the rest.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        PG_TEXT.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server drops between queries surfaces on the next query; this keeps it from crashing the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`select set_config('TimeZone', $1, true)`, [zone]);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return {
    quote: (id) => id.split('.').map((p) => `"${p.replaceAll('"', '""')}"`).join('.'),
    param: (n) => `$${n}`,
    async query(text, params) {
      const result = await client.query({ text, values: params, rowMode: 'array' });
      const columns = result.fields.map((f) => f.name);
      for (const f of result.fields) if (f.dataTypeID === PG.bytea) throw unsupported(f.name, 'bytea');
      const convert = result.fields.map((f) =>
        f.dataTypeID === PG.timestamp
          ? (v: unknown) => (typeof v === 'string' ? wallToIso(v, zone) : v)
          : f.dataTypeID === PG.timestamptz
            ? (v: unknown) => (typeof v === 'string' ? zonedToIso(v, zone) : v)
            : undefined,
      );
      const rows = (result.rows as unknown[][]).map((values) => {
        const row: Record<string, unknown> = {};
        values.forEach((v, i) => {
          row[columns[i]!] = convert[i] ? convert[i]!(v) : v;
        });
        return row;
      });
      return { columns, rows };
    },
    async primaryKey(table) {
      const result = await client.query<{ attname: string }>(
        `select a.attname from pg_index i
           join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indrelid = $1::regclass and i.indisprimary
          order by array_position(i.indkey::int2[], a.attnum)`,
        [table],
      );
      return result.rows.map((r) => r.attname);
    },
    async close() {
      try {
        await client.query('ROLLBACK');
      } finally {
        await client.end();
      }
    },
  };
}

// mysql2 column types (protocol numbers) and the binary character set.
const MY = { TIMESTAMP: 7, DATETIME: 12, BIT: 16, VARCHAR: 15, VAR_STRING: 253, STRING: 254, BLOBS: [249, 250, 251, 252], GEOMETRY: 255 };
const BINARY_CHARSET = 63;

function mysqlBinaryType(field: FieldPacket): string | undefined {
  const type = field.columnType ?? field.type;
  if (type === MY.GEOMETRY) return 'GEOMETRY';
  if (field.characterSet !== BINARY_CHARSET) return undefined;
  if (type !== undefined && MY.BLOBS.includes(type)) return 'BLOB';
  if (type === MY.VAR_STRING || type === MY.VARCHAR) return 'VARBINARY';
  if (type === MY.STRING) return 'BINARY';
  return undefined;
}

async function mysqlSession(url: string, zone: string): Promise<SqlSession> {
  // Loaded here: every command that reads pipeline definitions loads the connectors, and mysql2
  // alone took 50 ms of their start.
  const { default: mysql } = await import('mysql2/promise');
  const connection = await mysql.createConnection({
    uri: url,
    connectTimeout: 10_000,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    rowsAsArray: true,
  });
  connection.on('error', () => undefined);
  try {
    try {
      await connection.query('SET time_zone = ?', [zone]);
    } catch {
      // Servers without the time zone tables know only offsets: use the zone's offset now, right
      // for zones without daylight saving (Asia/Shanghai); TIMESTAMP columns are converted with it.
      const minutes = offsetMinutes(zone, Date.now());
      const sign = minutes < 0 ? '-' : '+';
      const abs = Math.abs(minutes);
      await connection.query('SET time_zone = ?', [`${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`]);
    }
    await connection.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  } catch (err) {
    await connection.end().catch(() => undefined);
    throw err;
  }
  return {
    quote: (id) => id.split('.').map((p) => `\`${p.replaceAll('`', '``')}\``).join('.'),
    param: () => '?',
    async query(text, params) {
      const [values, fields] = (await connection.query({ sql: text, values: params })) as [unknown[][], FieldPacket[]];
      for (const f of fields) {
        const binary = mysqlBinaryType(f);
        if (binary) throw unsupported(f.name, binary);
      }
      const columns = fields.map((f) => f.name);
      const timed = fields.map((f) => {
        const type = f.columnType ?? f.type;
        return type === MY.DATETIME || type === MY.TIMESTAMP;
      });
      const rows = values.map((v) => {
        const row: Record<string, unknown> = {};
        v.forEach((value, i) => {
          row[columns[i]!] = timed[i] && typeof value === 'string' ? wallToIso(value, zone) : value;
        });
        return row;
      });
      return { columns, rows };
    },
    async primaryKey(table) {
      const parts = table.split('.');
      const [rows] = (await connection.query(
        `select column_name as name from information_schema.key_column_usage
          where table_schema = coalesce(?, database()) and table_name = ? and constraint_name = 'PRIMARY'
          order by ordinal_position`,
        [parts.length > 1 ? parts[0] : null, parts.at(-1)],
      )) as [unknown[][], unknown];
      return rows.map((r) => String(r[0]));
    },
    async close() {
      try {
        await connection.query('ROLLBACK');
      } finally {
        await connection.end();
      }
    },
  };
}

/** Connects and opens the run's snapshot; HubErrors for unreachable servers and refused logins. */
export async function openSqlSession(driver: SqlDriver, url: string, zone: string): Promise<SqlSession> {
  try {
    return driver === 'postgres' ? await postgresSession(url, zone) : await mysqlSession(url, zone);
  } catch (err) {
    throw sourceError(err, url, 'connect');
  }
}
