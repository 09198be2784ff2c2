import { sql, type Kysely } from 'kysely';
import { QUARANTINE_REASONS } from '../../schemas/types.ts';

/**
 * One statement per entry: PGlite runs statements through the extended protocol, which
 * takes a single statement at a time. Nothing here relies on a global serial for
 * certificate identity, so `certificates` can later be hash-distributed by holder_id.
 */
const reasons = QUARANTINE_REASONS.map((r) => `'${r}'`).join(', ');

const UP = [
  `create table certificate_types (
    code text primary key,
    name text not null,
    holder_kind text not null constraint certificate_types_holder_kind_check check (holder_kind in ('person', 'organisation'))
  )`,

  `create table runs (
    id text primary key,
    pipeline text not null,
    status text not null default 'running' constraint runs_status_check check (status in ('running', 'succeeded', 'failed')),
    trigger text not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    read bigint not null default 0,
    inserted bigint not null default 0,
    updated bigint not null default 0,
    unchanged bigint not null default 0,
    duplicates bigint not null default 0,
    quarantined bigint not null default 0,
    error jsonb
  )`,
  `create index runs_pipeline_started_idx on runs (pipeline, started_at desc)`,

  `create table certificates (
    cert_type_code text not null,
    issuer_code text not null,
    cert_number text not null,
    issuer_name text,
    holder_kind text not null constraint certificates_holder_kind_check check (holder_kind in ('person', 'organisation')),
    holder_id_type text not null,
    holder_id text not null,
    holder_name text not null,
    issued_on date not null,
    valid_from date,
    valid_until date,
    status text not null constraint certificates_status_check check (status in ('valid', 'suspended', 'revoked', 'cancelled', 'expired')),
    surface jsonb not null default '{}'::jsonb,
    source_updated_at timestamptz,
    cert_identifier text,
    content_hash text not null,
    version integer not null constraint certificates_version_check check (version >= 1),
    pipeline text not null,
    priority integer not null default 0,
    last_run_id text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint certificates_pkey primary key (cert_type_code, issuer_code, cert_number)
  )`,
  `create index certificates_holder_status_idx on certificates (holder_id, status)`,
  `create index certificates_holder_type_idx on certificates (holder_id, cert_type_code)`,
  `create index certificates_pipeline_run_idx on certificates (pipeline, last_run_id)`,

  `create table certificate_versions (
    cert_type_code text not null,
    issuer_code text not null,
    cert_number text not null,
    holder_id text not null,
    version integer not null constraint certificate_versions_version_check check (version >= 1),
    change text not null constraint certificate_versions_change_check
      check (change in ('insert', 'update', 'superseded', 'cancelled-at-source')),
    data jsonb not null,
    content_hash text not null,
    valid_from timestamptz not null,
    valid_to timestamptz,
    run_id text not null,
    pipeline text not null,
    prev_hash text not null,
    hash text not null,
    constraint certificate_versions_pkey primary key (cert_type_code, issuer_code, cert_number, version),
    constraint certificate_versions_certificate_fkey foreign key (cert_type_code, issuer_code, cert_number)
      references certificates (cert_type_code, issuer_code, cert_number)
  )`,

  `create table matters (
    matter_code text primary key,
    local_code text,
    name text not null,
    matter_type text not null,
    dept_code text not null,
    division_code text not null,
    content_hash text not null,
    pipeline text not null,
    updated_at timestamptz not null default now()
  )`,
  `create table matter_materials (
    matter_code text not null references matters (matter_code) on delete cascade,
    material_code text not null,
    name text not null,
    required boolean not null,
    accepted_cert_types text[] not null default '{}',
    form text,
    source_channel text,
    position integer not null,
    constraint matter_materials_pkey primary key (matter_code, material_code)
  )`,
  `create index matter_materials_accepted_idx on matter_materials using gin (accepted_cert_types)`,

  `create table sync_state (
    pipeline text primary key,
    cursor jsonb,
    run_id text references runs (id),
    updated_at timestamptz not null default now()
  )`,

  `create table quarantine (
    id bigint generated always as identity primary key,
    run_id text not null references runs (id),
    pipeline text not null,
    line integer,
    raw jsonb,
    payload_hash text not null,
    reason text not null constraint quarantine_reason_check check (reason in (${reasons})),
    path text,
    message text not null,
    details jsonb,
    created_at timestamptz not null default now(),
    resolved_at timestamptz,
    resolved_run_id text references runs (id)
  )`,
  `create index quarantine_pipeline_idx on quarantine (pipeline, id)`,
  `create index quarantine_unresolved_idx on quarantine (pipeline, id) where resolved_at is null`,
  `create index quarantine_run_idx on quarantine (run_id)`,
  // A record quarantined again by a later run is the same unresolved row (insert … on conflict).
  `create unique index quarantine_payload_idx on quarantine (pipeline, payload_hash) where resolved_at is null`,

  `create table api_clients (
    id text primary key,
    name text not null constraint api_clients_name_key unique,
    key_hash text not null constraint api_clients_key_hash_key unique,
    scopes text[] not null default '{}',
    created_at timestamptz not null default now(),
    revoked_at timestamptz
  )`,

  `create table lookup_log_blocks (
    id bigint primary key,
    first_seq bigint not null,
    last_seq bigint not null,
    row_count integer not null constraint lookup_log_blocks_row_count_check check (row_count > 0),
    prev_hash text not null,
    hash text not null,
    sealed_at timestamptz not null default now()
  )`,
  `create table lookup_log (
    seq bigint generated always as identity primary key,
    at timestamptz(3) not null default now(),
    client_id text not null,
    purpose text not null,
    kind text not null constraint lookup_log_kind_check check (kind in ('holder', 'certificate', 'check')),
    matter_code text,
    holder_hash text,
    result jsonb not null,
    block_id bigint references lookup_log_blocks (id)
  )`,
  `create index lookup_log_unsealed_idx on lookup_log (seq) where block_id is null`,
  `create index lookup_log_block_idx on lookup_log (block_id, seq)`,
  `create index lookup_log_client_idx on lookup_log (client_id, seq)`,
];

const TABLES = [
  'lookup_log',
  'lookup_log_blocks',
  'api_clients',
  'quarantine',
  'sync_state',
  'matter_materials',
  'matters',
  'certificate_versions',
  'certificates',
  'runs',
  'certificate_types',
];

// Migrations run before the typed schema exists, so they take an untyped instance.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql.raw(`drop table if exists ${table}`).execute(db);
}
