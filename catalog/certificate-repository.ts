import { sql, type Kysely } from 'kysely';
import type { CertStatus } from '../schemas/types.ts';
import { shanghaiDate } from './shanghai-date.ts';
import type { CertificateKey } from './stored-certificate.ts';
import type { Database } from './database.ts';
import type { CertificateRow, CertificateVersionRow } from './tables/certificates.ts';

export type CertificateView = CertificateRow & {
  /** valid_until is before today (Asia/Shanghai); long-term certificates never expire. */
  expired: boolean;
};

export interface HolderQuery {
  type?: string | undefined;
  status?: CertStatus | undefined;
  /** Date (any time zone) or 'YYYY-MM-DD' in Asia/Shanghai; defaults to now. */
  today?: Date | string | undefined;
}

function expiredColumn(today: Date | string | undefined) {
  return sql<boolean>`coalesce(valid_until < ${shanghaiDate(today)}::date, false)`.as('expired');
}

/**
 * The certificates stored under any of `holderIds` (the spellings one holder may be stored
 * under), in one statement: those of the first id first, then those of the next, each by type,
 * newest issue first, number.
 */
export async function certificatesByHolder(
  db: Kysely<Database>,
  holderIds: string | readonly string[],
  query: HolderQuery = {},
): Promise<CertificateView[]> {
  const ids = typeof holderIds === 'string' ? [holderIds] : [...new Set(holderIds)];
  if (ids.length === 0) return [];
  let q = db.selectFrom('certificates').selectAll().select(expiredColumn(query.today));
  q = ids.length === 1 ? q.where('holder_id', '=', ids[0]!) : q.where('holder_id', 'in', ids);
  if (query.type !== undefined) q = q.where('cert_type_code', '=', query.type);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (ids.length > 1) q = q.orderBy(sql`case ${sql.join(ids.map((id, i) => sql`when holder_id = ${id} then ${sql.lit(i)}`), sql` `)} end`);
  return q.orderBy('cert_type_code').orderBy('issued_on', 'desc').orderBy('cert_number').execute();
}

export interface CertificateHistory {
  certificate: CertificateView;
  /** Every version, oldest first, superseded ones included. */
  versions: CertificateVersionRow[];
}

export async function certificateWithVersions(
  db: Kysely<Database>,
  key: CertificateKey,
  options: { today?: Date | string } = {},
): Promise<CertificateHistory | undefined> {
  const certificate = await db
    .selectFrom('certificates')
    .selectAll()
    .select(expiredColumn(options.today))
    .where('cert_type_code', '=', key.typeCode)
    .where('issuer_code', '=', key.issuerCode)
    .where('cert_number', '=', key.number)
    .executeTakeFirst();
  if (certificate === undefined) return undefined;
  const versions = await db
    .selectFrom('certificate_versions')
    .selectAll()
    .where('cert_type_code', '=', key.typeCode)
    .where('issuer_code', '=', key.issuerCode)
    .where('cert_number', '=', key.number)
    .orderBy('version')
    .execute();
  return { certificate, versions };
}

export async function countCertificates(
  db: Kysely<Database>,
  filter: { pipeline?: string; status?: CertStatus; holderId?: string } = {},
): Promise<number> {
  let q = db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.pipeline !== undefined) q = q.where('pipeline', '=', filter.pipeline);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.holderId !== undefined) q = q.where('holder_id', '=', filter.holderId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}
