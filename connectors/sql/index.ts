import { HubError } from '../../core/errors.ts';
import { parseDuration } from '../../core/parse-duration.ts';
import { type CheckResult, type ConnectorContext, defineConnector, type SourceBatch } from '../define-connector.ts';
import configSchema from './config.schema.json' with { type: 'json' };
import { readOnlyQuery } from './read-only-query.ts';
import { describeUrl, openSqlSession, type SqlDriver, type SqlSession, sourceError } from './sql-session.ts';
import { checkTimeZone, isoToWall } from './zoned-time.ts';

export type SqlConfig = {
  connector: 'sql';
  driver: SqlDriver;
  url: string;
  table?: string | null;
  query?: string | null;
  key?: string[];
  timezone?: string;
};

/** Where a read resumes: after this key tuple, numbering rows on from `row`. */
interface SqlPosition {
  row: number;
  after: unknown[];
}

const SCHEMES: Record<SqlDriver, string[]> = { postgres: ['postgres:', 'postgresql:'], mysql: ['mysql:', 'mariadb:'] };

function checkConfig(config: SqlConfig): { source: { table: string } | { query: string }; zone: string } {
  const zone = config.timezone ?? 'Asia/Shanghai';
  try {
    checkTimeZone(zone);
  } catch {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `source.timezone: "${zone}" is not a time zone name like Asia/Shanghai`);
  }
  let scheme: string | undefined;
  try {
    scheme = new URL(config.url).protocol;
  } catch {
    // Reported below with the scheme the driver wants.
  }
  if (!scheme || !SCHEMES[config.driver].includes(scheme)) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `source.url must be a ${SCHEMES[config.driver].join(' or ')}// URL for driver ${config.driver}, got ${scheme ? `a ${scheme} URL` : 'no URL'}`);
  }
  const table = config.table ?? undefined;
  const query = config.query ?? undefined;
  if ((table === undefined) === (query === undefined)) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', 'the sql source needs exactly one of source.table and source.query');
  }
  return { source: table !== undefined ? { table } : { query: readOnlyQuery(query!) }, zone };
}

/** The columns pages are ordered on: the incremental cursor, else `key`, else the table's primary key. */
async function orderColumns(config: SqlConfig, source: { table: string } | { query: string }, session: SqlSession, ctx: ConnectorContext): Promise<string[]> {
  if (ctx.incremental) return ctx.incremental.cursor;
  if (config.key && config.key.length > 0) return config.key;
  if ('query' in source) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', 'source.key is required with source.query: name the unique, not-null columns that pages are ordered on');
  }
  const key = await session.primaryKey(source.table).catch((err: unknown) => {
    throw sourceError(err, config.url, `read the primary key of ${source.table}`);
  });
  if (key.length === 0) {
    // No key found may mean no such table: let the database say which.
    await session.query(`select * from ${session.quote(source.table)} where 1 = 0`, []).catch((err: unknown) => {
      throw sourceError(err, config.url, `read ${source.table}`);
    });
    throw new HubError('HUB_ERR_CONFIG_INVALID', `table ${source.table} has no primary key: set source.key to unique, not-null columns`);
  }
  return key;
}

function fingerprintOf(config: SqlConfig, source: { table: string } | { query: string }, order: string[]): string {
  const what = 'table' in source ? `table ${source.table}` : `query ${source.query.replace(/\s+/g, ' ')}`;
  return `${config.driver} ${describeUrl(config.url)} ${what} order by ${order.join(', ')}`;
}

function isPosition(value: unknown, width: number): value is SqlPosition {
  const p = value as SqlPosition;
  return typeof p === 'object' && p !== null && Number.isInteger(p.row) && Array.isArray(p.after) && p.after.length === width;
}

/** Keyset page after `after` (strictly), or from `since` on the first column (inclusive), or from the start. */
function pageQuery(session: SqlSession, from: string, order: string[], limit: number, start: { after: unknown[] } | { since: unknown } | undefined) {
  const cols = order.map((c) => session.quote(c));
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return session.param(params.length);
  };
  let where = '';
  if (start && 'since' in start) {
    where = `where ${cols[0]} >= ${p(start.since)}`;
  } else if (start) {
    // The leading `>=` on the first column lets the database use its index for the row comparison.
    where =
      cols.length === 1
        ? `where ${cols[0]} > ${p(start.after[0])}`
        : `where ${cols[0]} >= ${p(start.after[0])} and (${cols.join(', ')}) > (${start.after.map((v) => p(v)).join(', ')})`;
  }
  return { text: `select * from ${from} ${where} order by ${cols.join(', ')} limit ${limit}`, params };
}

export default defineConnector<SqlConfig>({
  kind: 'sql',
  configSchema,

  async *read(config, state, ctx): AsyncGenerator<SourceBatch> {
    const { source, zone } = checkConfig(config);
    const session = await openSqlSession(config.driver, config.url, zone);
    try {
      const order = await orderColumns(config, source, session, ctx);
      const fingerprint = fingerprintOf(config, source, order);
      const from = 'table' in source ? `${session.quote(source.table)} as src` : `(${source.query}) as src`;
      // Values go back to the source in its own terms: ISO times as its wall clock.
      const toSource = (v: unknown): unknown => isoToWall(v, zone) ?? v;

      let row = 0;
      let start: { after: unknown[] } | { since: unknown } | undefined;
      if (state.position !== null && state.position !== undefined) {
        if (state.fingerprint !== fingerprint) {
          ctx.logger.warn(
            { event: 'source_changed', previous_fingerprint: state.fingerprint, fingerprint, position: state.position },
            `${describeUrl(config.url)}: the source or its ordering changed since the last committed batch; reading it from the start`,
          );
        } else if (!isPosition(state.position, order.length)) {
          throw new HubError('HUB_ERR_VALIDATION', `the sql connector cannot resume from position ${JSON.stringify(state.position)}; read the source from the start (--full-refresh)`, {
            position: state.position,
          });
        } else {
          row = state.position.row;
          start = { after: state.position.after.map(toSource) };
        }
      }
      if (!start && ctx.incremental && state.floor && state.floor.length > 0) {
        // A new run starts `lag` behind the floor on the cursor's first (time) column, so rows
        // committed late with an older timestamp are read again; the runner's dedupe absorbs the overlap.
        const lagMs = ctx.incremental.lag ? (parseDuration(ctx.incremental.lag) ?? 0) : 0;
        const since = lagMs > 0 ? isoToWall(state.floor[0], zone, lagMs) : undefined;
        start = since !== undefined ? { since } : { after: state.floor.map(toSource) };
      }

      for (;;) {
        ctx.signal?.throwIfAborted();
        const page = pageQuery(session, from, order, ctx.batchSize, start);
        const { columns, rows } = await session.query(page.text, page.params).catch((err: unknown) => {
          throw sourceError(err, config.url, `read ${'table' in source ? source.table : 'the query'}`);
        });
        const missing = order.filter((c) => !columns.includes(c));
        if (missing.length > 0) {
          throw new HubError('HUB_ERR_CONFIG_INVALID', `the source has no column ${missing.map((c) => `"${c}"`).join(', ')} to order pages on; columns: ${columns.join(', ')}`);
        }
        if (rows.length === 0) return;
        const records = rows.map((data) => {
          row += 1;
          for (const c of order) {
            if (data[c] === null || data[c] === undefined) {
              // A null sorts outside every keyset comparison: the rows after it would be skipped unread.
              throw new HubError('HUB_ERR_SOURCE_UNREADABLE', `source row ${row}: column "${c}" is null; key and cursor columns must be not null`, { row, column: c });
            }
          }
          return { line: row, data };
        });
        const last = rows.at(-1)!;
        const after = order.map((c) => last[c]);
        yield { records, position: { row, after } satisfies SqlPosition, fingerprint };
        if (rows.length < ctx.batchSize) return;
        start = { after: after.map(toSource) };
      }
    } finally {
      await session.close().catch((err: unknown) => ctx.logger.warn({ event: 'error', stage: 'extract', err: String(err) }, 'closing the source connection failed'));
    }
  },

  async check(config, ctx): Promise<CheckResult> {
    try {
      const { source, zone } = checkConfig(config);
      const session = await openSqlSession(config.driver, config.url, zone);
      try {
        const from = 'table' in source ? session.quote(source.table) : `(${source.query}) as src`;
        const { columns, rows } = await session.query(`select * from ${from} limit 5`, []).catch((err: unknown) => {
          throw sourceError(err, config.url, 'read the source');
        });
        return { ok: true, message: `${describeUrl(config.url)}: ${columns.length} columns, ${rows.length} first rows read`, columns };
      } finally {
        await session.close().catch(() => ctx.logger.debug('closing the source connection failed'));
      }
    } catch (err) {
      if (err instanceof HubError) return { ok: false, message: err.message };
      throw err;
    }
  },
});
