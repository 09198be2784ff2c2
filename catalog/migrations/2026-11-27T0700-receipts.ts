import { sql, type Kysely } from 'kysely';

/**
 * Usage receipts (加注件) and the holder's access record. `signing_keys` publishes every public
 * key the hub has signed receipts with, retired ones included, so that old receipts keep
 * verifying after a rotation; private keys never enter the catalogue. A check that issued
 * receipts records `{receipt id: sha-256 of the token}` in its lookup-log row, where the block
 * hash covers it. The access record finds a holder's rows by holder hash.
 */
const UP = [
  `create table signing_keys (
    kid text primary key,
    public_jwk jsonb not null,
    created_at timestamptz not null default now(),
    retired_at timestamptz
  )`,
  `alter table lookup_log add column receipts jsonb`,
  `create index lookup_log_receipts_idx on lookup_log using gin (receipts) where receipts is not null`,
  // The same index may come from an earlier migration that lists lookups by holder; one is enough.
  `create index if not exists lookup_log_holder_idx on lookup_log (holder_hash, seq)`,
];

// lookup_log_holder_idx stays: it may belong to that earlier migration.
const DOWN = [`drop index lookup_log_receipts_idx`, `alter table lookup_log drop column receipts`, `drop table signing_keys`];

// Migrations run before the typed schema exists, so they take an untyped instance.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
