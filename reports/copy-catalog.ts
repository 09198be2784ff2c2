import { BOOLEAN, INTEGER, LIST, TIMESTAMPTZ, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../catalog/database.ts';
import { appendPages, type DuckColumn } from './append-pages.ts';
import { copyOutCsv } from './copy-out-csv.ts';
import { keysetPages, type PagedTable } from './keyset-pages.ts';

interface Column extends DuckColumn {
  /** Value to append; the catalogue value as it is by default. */
  from?: (row: Record<string, unknown>) => unknown;
}

export interface CopyFilters {
  pipeline?: string | undefined;
  /** Runs started and records quarantined at or after this instant. */
  since?: Date | undefined;
}

interface CopySpec extends Omit<PagedTable, 'columns' | 'where'> {
  /** Name of the copy in DuckDB. */
  as: string;
  columns: Column[];
  where?: RawBuilder<unknown>;
  /** Which filters apply, and to which timestamp column `since` applies. */
  filterBy?: { pipeline: boolean; since?: string };
  /** Grows with the catalogue: copied with COPY when a Postgres URL is at hand. */
  bulk?: true;
}

const text = (name: string): Column => ({ name, type: VARCHAR });
const int = (name: string): Column => ({ name, type: INTEGER });
const instant = (name: string): Column => ({ name, type: TIMESTAMPTZ });
const json = (name: string): Column => ({ name, type: VARCHAR, from: (r) => (r[name] === null || r[name] === undefined ? null : JSON.stringify(r[name])) });

/**
 * What a report reads, column by column. Dates stay 'YYYY-MM-DD' text (they compare as text),
 * raw payloads stay behind: the few sampled rows fetch theirs from the catalogue.
 */
const COPIES: CopySpec[] = [
  {
    table: 'certificate_types',
    as: 'certificate_types',
    key: ['code'],
    columns: [text('code'), text('name'), text('holder_kind')],
  },
  {
    table: 'certificates',
    as: 'certificates',
    bulk: true,
    key: ['cert_type_code', 'issuer_code', 'cert_number'],
    filterBy: { pipeline: true },
    columns: [
      text('cert_type_code'), text('issuer_code'), text('cert_number'), text('issuer_name'), text('holder_kind'),
      text('holder_id_type'), text('holder_id'), text('holder_name'), text('issued_on'), text('valid_from'),
      text('valid_until'), text('status'), instant('source_updated_at'), text('cert_identifier'), text('pipeline'),
      instant('updated_at'),
    ],
  },
  {
    // Only superseded versions: the cross-source conflicts; the rest of the history is not needed.
    table: 'certificate_versions',
    as: 'superseded_versions',
    bulk: true,
    key: ['cert_type_code', 'issuer_code', 'cert_number', 'version'],
    where: sql`change = 'superseded'`,
    filterBy: { pipeline: true },
    columns: [text('cert_type_code'), text('issuer_code'), text('cert_number'), int('version'), text('run_id'), text('pipeline')],
  },
  {
    table: 'runs',
    as: 'runs',
    key: ['id'],
    filterBy: { pipeline: true, since: 'started_at' },
    columns: [
      text('id'), text('pipeline'), text('status'), text('trigger'), instant('started_at'), instant('finished_at'),
      int('read'), int('inserted'), int('updated'), int('unchanged'), int('duplicates'), int('quarantined'),
    ],
  },
  {
    table: 'quarantine',
    as: 'quarantine',
    bulk: true,
    key: ['id'],
    where: sql`resolved_at is null`,
    filterBy: { pipeline: true, since: 'created_at' },
    columns: [{ name: 'id', type: INTEGER }, text('run_id'), text('pipeline'), int('line'), text('reason'), text('path'), text('message'), json('details'), instant('created_at')],
  },
  {
    table: 'matters',
    as: 'matters',
    key: ['matter_code'],
    columns: [text('matter_code'), text('name'), text('matter_type'), text('dept_code'), text('division_code'), text('pipeline')],
  },
  {
    table: 'matter_materials',
    as: 'matter_materials',
    key: ['matter_code', 'material_code'],
    columns: [text('matter_code'), text('material_code'), text('name'), { name: 'required', type: BOOLEAN }, { name: 'accepted_cert_types', type: LIST(VARCHAR) }, int('position')],
  },
];

/** The spec's condition; `value` makes a filter value a parameter, or a literal where COPY takes none. */
function condition(spec: CopySpec, filters: CopyFilters, value: (v: string) => RawBuilder<unknown>): RawBuilder<unknown> | undefined {
  const parts: RawBuilder<unknown>[] = spec.where ? [spec.where] : [];
  if (spec.filterBy?.pipeline && filters.pipeline !== undefined) parts.push(sql`pipeline = ${value(filters.pipeline)}`);
  if (spec.filterBy?.since && filters.since !== undefined) parts.push(sql`${sql.ref(spec.filterBy.since)} >= ${value(filters.since.toISOString())}`);
  return parts.length === 0 ? undefined : sql.join(parts, sql` and `);
}

export interface CopyProgress {
  table: string;
  rows: number;
}

/** `select` of a bulk copy as plain SQL, filter values inlined as literals. */
function copySelect(db: Kysely<Database>, spec: CopySpec, filters: CopyFilters): string {
  const where = condition(spec, filters, (v) => sql.lit(v)) ?? sql`true`;
  const columns = sql.join(spec.columns.map((c) => sql.ref(c.name)));
  const compiled = sql`select ${columns} from ${sql.table(spec.table)} where ${where}`.compile(db);
  if (compiled.parameters.length > 0) throw new Error(`copy of ${spec.table}: COPY takes no parameters`);
  return compiled.sql;
}

/**
 * Streams the catalogue tables a quality report reads into DuckDB: keyset-paged reads from
 * PGlite or Postgres, appended through DuckDB's appender one data chunk at a time; with the
 * Postgres server's URL, the tables that grow with the catalogue go through COPY instead
 * (copyOutCsv), which the driver's row-by-row parsing cannot approach at a million rows.
 */
export async function copyCatalog(
  db: Kysely<Database>,
  duck: DuckDBConnection,
  options: { filters?: CopyFilters; databaseUrl?: string | undefined; onProgress?: (p: CopyProgress) => void } = {},
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const spec of COPIES) {
    if (spec.bulk && options.databaseUrl !== undefined) {
      counts[spec.as] = await copyOutCsv(options.databaseUrl, duck, spec.as, spec.columns, copySelect(db, spec, options.filters ?? {}));
      options.onProgress?.({ table: spec.as, rows: counts[spec.as]! });
      continue;
    }
    const where = condition(spec, options.filters ?? {}, (v) => sql`${v}`);
    const pages = keysetPages(db, { table: spec.table, key: spec.key, columns: spec.columns.map((c) => c.name), ...(where ? { where } : {}) });
    const rows = (async function* () {
      for await (const page of pages) yield page.map((row) => spec.columns.map((c) => (c.from ? c.from(row) : (row[c.name] ?? null))));
    })();
    counts[spec.as] = await appendPages(duck, spec.as, spec.columns, rows, (n) => options.onProgress?.({ table: spec.as, rows: n }));
  }
  return counts;
}
