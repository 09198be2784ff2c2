import type { Kysely } from 'kysely';
import type { CertificateType } from '../schemas/types.ts';
import type { Database } from './database.ts';
import type { CertificateTypeRow } from './tables/certificate-types.ts';

export async function upsertCertificateTypes(db: Kysely<Database>, types: CertificateType[]): Promise<number> {
  if (types.length === 0) return 0;
  const rows = types.map((t) => ({ code: t.code, name: t.name, holder_kind: t.holder_kind }));
  await db
    .insertInto('certificate_types')
    .values(rows)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), holder_kind: eb.ref('excluded.holder_kind') })),
    )
    .execute();
  return rows.length;
}

export async function listCertificateTypes(db: Kysely<Database>): Promise<CertificateTypeRow[]> {
  return db.selectFrom('certificate_types').selectAll().orderBy('code').execute();
}
