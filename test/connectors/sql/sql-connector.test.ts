import { beforeAll, expect, it } from 'vitest';
import { isHubError } from '../../../core/errors.ts';
import { NO_SYNC_STATE } from '../../../core/sync-state.ts';
import sql, { type SqlConfig } from '../../../connectors/sql/index.ts';
import type { SqlDriver } from '../../../connectors/sql/sql-session.ts';
import { checkCompliance, readBatches, readRecords, testContext } from '../compliance.ts';
import { forEachSourceServer } from './source-servers.ts';

const ctx = testContext(process.cwd(), 5);
const by = (driver: SqlDriver, ddl: Record<SqlDriver, string>): string => ddl[driver];

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (err: unknown) => err,
  );
}

forEachSourceServer('sql connector', (server) => {
  const config = (more: Partial<SqlConfig> = {}): SqlConfig => ({ connector: 'sql', driver: server().driver, url: server().url, table: 'items', ...more });

  beforeAll(async () => {
    const s = server();
    await s.exec(
      by(s.driver, {
        mysql: 'create table items (id int primary key, name varchar(40) not null, updated_at datetime not null)',
        postgres: 'create table items (id int primary key, name varchar(40) not null, updated_at timestamp not null)',
      }),
    );
    const values = Array.from({ length: 23 }, (_, i) => `(${i + 1}, '名称${i + 1}', '2024-01-${String((i % 28) + 1).padStart(2, '0')} 08:00:00')`);
    await s.exec(`insert into items (id, name, updated_at) values ${values.join(', ')}`);
  });

  it('meets the connector contract', async () => {
    await checkCompliance({
      connector: sql,
      config: config(),
      missingFileConfig: config({ table: 'no_such_table' }),
      missingError: { code: 'HUB_ERR_SOURCE_UNREADABLE', message: /no_such_table/ },
      opaquePositions: true,
      workspace: process.cwd(),
      rows: 23,
      batchSize: 5,
    });
  });

  it('resumes a failed run after the last committed key, also when rows were added meanwhile', async () => {
    const batches = await readBatches(sql, config(), NO_SYNC_STATE, ctx);
    expect(batches[1]!.position).toEqual({ row: 10, after: [10] });
    await server().exec(`insert into items (id, name, updated_at) values (100, '后加', '2024-02-01 00:00:00'), (0, '前插', '2024-02-01 00:00:00')`);
    try {
      const rest = await readRecords(sql, config(), ctx, { ...NO_SYNC_STATE, position: batches[1]!.position, fingerprint: batches[1]!.fingerprint });
      // Keyset, not OFFSET: a row inserted before the position does not shift the rest.
      expect(rest.map((r) => r.data?.id)).toEqual([...Array.from({ length: 13 }, (_, i) => i + 11), 100]);
      expect(rest[0]!.line).toBe(11);
    } finally {
      await server().exec('delete from items where id in (0, 100)');
    }
  });

  it('orders query pages on its key, and refuses a query without one', async () => {
    const query = 'select id, name from items where id > 20';
    const records = await readRecords(sql, config({ table: undefined, query, key: ['id'] }), ctx);
    expect(records.map((r) => r.data)).toEqual([
      { id: 21, name: '名称21' },
      { id: 22, name: '名称22' },
      { id: 23, name: '名称23' },
    ]);
    const err = await failure(readBatches(sql, config({ table: undefined, query }), NO_SYNC_STATE, ctx));
    expect(isHubError(err) && err.code).toBe('HUB_ERR_CONFIG_INVALID');
    expect((err as Error).message).toMatch(/source\.key is required/);
  });

  it('maps column types to canonical values in the source time zone', async () => {
    const s = server();
    await s.exec(
      by(s.driver, {
        mysql: `create table typed (id bigint primary key, amount decimal(12,2), issued date, local_at datetime, instant_at timestamp null, flag tinyint, note text)`,
        postgres: `create table typed (id bigint primary key, amount numeric(12,2), issued date, local_at timestamp, instant_at timestamptz, flag smallint, note text)`,
      }),
    );
    // The instant 2024-05-01 00:30 UTC, written in each server's own terms.
    const instant = s.driver === 'mysql' ? '2024-05-01 00:30:00' : '2024-05-01T00:30:00Z';
    await s.exec(`insert into typed values (9007199254740993, 12345.67, '2024-02-29', '2024-05-01 08:30:00', '${instant}', 1, '备注')`);
    const [record] = await readRecords(sql, config({ table: 'typed' }), ctx);
    expect(record!.data).toEqual({
      id: '9007199254740993',
      amount: '12345.67',
      issued: '2024-02-29',
      local_at: '2024-05-01T08:30:00+08:00',
      instant_at: '2024-05-01T08:30:00+08:00',
      flag: 1,
      note: '备注',
    });
    const [utc] = await readRecords(sql, config({ table: 'typed', timezone: 'UTC' }), ctx);
    expect(utc!.data).toMatchObject({ local_at: '2024-05-01T08:30:00+00:00', instant_at: '2024-05-01T00:30:00+00:00' });
  });

  it('refuses a binary column, naming it', async () => {
    const s = server();
    await s.exec(by(s.driver, { mysql: 'create table scans (id int primary key, photo blob)', postgres: 'create table scans (id int primary key, photo bytea)' }));
    const err = await failure(readBatches(sql, config({ table: 'scans' }), NO_SYNC_STATE, ctx));
    expect(isHubError(err) && err.code).toBe('HUB_ERR_SOURCE_TYPE_UNSUPPORTED');
    expect((err as Error).message).toMatch(/column "photo" is (BLOB|bytea)/);
    const checked = await sql.check!(config({ table: 'scans' }), ctx);
    expect(checked).toMatchObject({ ok: false, message: expect.stringMatching(/"photo"/) });
  });

  it('refuses a query that writes: by its text, and by the read-only transaction', async () => {
    const s = server();
    const refused = async (query: string) => {
      const err = await failure(readBatches(sql, config({ table: undefined, query, key: ['id'] }), NO_SYNC_STATE, ctx));
      expect(isHubError(err) && err.code, String(err)).toBe('HUB_ERR_SOURCE_QUERY_REFUSED');
      return (err as Error).message;
    };
    expect(await refused('delete from items')).toMatch(/starts with "delete"/);
    expect(await refused("select id from items; drop table items")).toMatch(/more than one statement/);
    // Passes the text check; only the database can see that the function writes.
    await s.exec(
      by(s.driver, {
        mysql: `create table audit (n int); create function touch() returns int modifies sql data begin insert into audit values (1); return 1; end`,
        postgres: `create table audit (n int); create function touch() returns int language sql as 'insert into audit values (1); select 1'`,
      }),
    );
    expect(await refused('select id, touch() as t from items')).toMatch(/read-only transaction/);
    await s.exec('select 1');
    const [rows] = [await readRecords(sql, config({ table: 'audit', key: ['n'] }), ctx)];
    expect(rows).toEqual([]);
  });

  it('reads one snapshot: rows committed during a read are not in it', async () => {
    const seen: unknown[] = [];
    let inserted = false;
    for await (const batch of sql.read(config(), NO_SYNC_STATE, ctx)) {
      seen.push(...batch.records.map((r) => r.data?.id));
      if (!inserted) {
        inserted = true;
        await server().exec(`insert into items (id, name, updated_at) values (200, '读取中插入', '2024-03-01 00:00:00')`);
      }
    }
    try {
      expect(seen).toHaveLength(23);
      expect(seen).not.toContain(200);
    } finally {
      await server().exec('delete from items where id = 200');
    }
  });

  it('reports an unreachable server and a refused login without the password', async () => {
    const bad = new URL(server().url);
    bad.password = 's3cret-pw';
    bad.port = '1';
    const down = await failure(readBatches(sql, config({ url: bad.toString() }), NO_SYNC_STATE, ctx));
    expect(isHubError(down) && down.code).toBe('HUB_ERR_SOURCE_UNAVAILABLE');
    expect((down as Error).message).toMatch(/cannot connect/);
    const login = new URL(server().url);
    login.username = 'no_such_user';
    login.password = 's3cret-pw';
    const refused = await failure(readBatches(sql, config({ url: login.toString() }), NO_SYNC_STATE, ctx));
    expect(isHubError(refused) && refused.code).toBe('HUB_ERR_SOURCE_UNREADABLE');
    for (const err of [down, refused]) expect(JSON.stringify([(err as Error).message, (err as { details?: unknown }).details])).not.toContain('s3cret-pw');
    const checked = await sql.check!(config({ url: bad.toString() }), ctx);
    expect(checked.ok).toBe(false);
  });
});
