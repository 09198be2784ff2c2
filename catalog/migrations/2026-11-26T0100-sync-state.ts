import { sql, type Kysely } from 'kysely';

/**
 * sync_state becomes a typed row: the connector's position, the source fingerprint, the floor
 * (cursor of the last complete run), the highest cursor committed so far and whether the last
 * run completed. The old jsonb `cursor` held { position, cursor, complete }, where `cursor` was
 * the running maximum: it is the floor only when its run completed. An incomplete row keeps no
 * floor, so its next run reads the source whole once; content hashes make that harmless.
 */
const UP = [
  `alter table sync_state
    add column position jsonb,
    add column fingerprint text,
    add column floor jsonb,
    add column max jsonb,
    add column complete boolean not null default false`,
  `update sync_state set
    position = nullif(cursor->'position', 'null'::jsonb),
    max = nullif(cursor->'cursor', 'null'::jsonb),
    complete = coalesce(cursor->>'complete' = 'true', false),
    floor = case when cursor->>'complete' = 'true' then nullif(cursor->'cursor', 'null'::jsonb) end
  where jsonb_typeof(cursor) = 'object'`,
  `alter table sync_state drop column cursor`,
];

const DOWN = [
  `alter table sync_state add column cursor jsonb`,
  `update sync_state set cursor = jsonb_build_object('position', position, 'cursor', coalesce(max, floor), 'complete', complete)`,
  `alter table sync_state drop column position, drop column fingerprint, drop column floor, drop column max, drop column complete`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
