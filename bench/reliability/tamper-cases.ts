import { sql, type Kysely } from 'kysely';
import { cancelMissing } from '../../catalog/cancel-missing.ts';
import { loadCertificateBatch, type WriteDisposition } from '../../catalog/load-certificates.ts';
import { appendLookups, sealLookupLog } from '../../catalog/lookup-log.ts';
import { finishRun, startRun } from '../../catalog/run-repository.ts';
import { sealCertificateHeads } from '../../catalog/seal-certificate-heads.ts';
import type { Database } from '../../catalog/database.ts';
import type { ChainTable } from '../../catalog/verify-chains.ts';
import type { Certificate } from '../../schemas/types.ts';

const ISSUER = '11330500002575637J';

/** A hand-made certificate of a housing bureau; `n` picks the number and holder. */
function licence(n: number, overrides: Partial<Certificate> = {}): Certificate {
  return {
    cert_type_code: 'zj-fdcjjjg',
    cert_number: `浙湖房经 2023-${String(n).padStart(4, '0')}`,
    issuer_code: ISSUER,
    issuer_name: '湖州市住房和城乡建设局',
    holder_kind: 'organisation',
    holder_id_type: '001',
    holder_id: `91330500MA2B${String(n).padStart(5, '0')}X`,
    holder_name: `湖州安居房产经纪有限公司${n}`,
    issued_on: '2023-05-06',
    valid_from: '2023-05-06',
    valid_until: '2026-05-05',
    status: 'valid',
    surface: { 经营场所: `湖州市吴兴区红旗路${n}号`, 法定代表人: '张某' },
    source_updated_at: '2023-05-06T09:00:00+08:00',
    cert_identifier: null,
    ...overrides,
  };
}

export const numberOf = (n: number): string => licence(n).cert_number;

async function loadRun(db: Kysely<Database>, pipeline: string, records: Certificate[], options: { priority?: number; disposition?: WriteDisposition } = {}): Promise<string> {
  const runId = await startRun(db, { pipeline, trigger: 'tamper' });
  await loadCertificateBatch(db, {
    runId,
    pipeline,
    priority: options.priority ?? 0,
    disposition: options.disposition ?? 'merge',
    records,
    quarantine: [],
    counts: { read: records.length, duplicates: 0 },
  });
  return runId;
}

/**
 * A small catalogue with every kind of version: inserts, an update, a revocation, a version
 * superseded by a higher-priority pipeline, one cancelled at source; its chain heads sealed; and
 * a sealed lookup log of two blocks.
 */
export async function seedTamperCatalogue(db: Kysely<Database>): Promise<void> {
  const renamed = licence(1, { holder_name: '湖州安居房产经纪有限公司（更名）', source_updated_at: '2024-03-01T09:00:00+08:00' });
  const revoked = licence(2, { status: 'revoked', source_updated_at: '2024-03-01T09:00:00+08:00' });
  await loadRun(db, 'hz-housing', [1, 2, 3, 4].map((n) => licence(n)), { priority: 10 });
  await loadRun(db, 'hz-housing', [renamed, revoked], { priority: 10 });
  // Same source time, lower priority: stored as a superseded version of certificate 3.
  await loadRun(db, 'hz-housing-legacy', [licence(3, { surface: { 经营场所: '旧址' } })], { priority: 1 });
  // A full snapshot without certificate 4 cancels it at source.
  const snapshot = await loadRun(db, 'hz-housing', [renamed, revoked, licence(3)], { priority: 10, disposition: 'replace' });
  await cancelMissing(db, { runId: snapshot, pipeline: 'hz-housing' });
  await finishRun(db, snapshot, { status: 'succeeded' });
  await sealCertificateHeads(db);
  await appendLookups(
    db,
    Array.from({ length: 6 }, (_, i) => ({
      clientId: `window-${i % 2}`,
      purpose: '办理房地产经纪机构备案变更',
      kind: 'holder' as const,
      holderHash: `hash-${i}`,
      result: { certificates: i },
    })),
  );
  await sealLookupLog(db, { maxRows: 3 });
}

export interface TamperCase {
  name: string;
  /** Alters the catalogue by SQL, as someone with database access would. */
  apply(db: Kysely<Database>): Promise<void>;
  /** Where audit verify must point: the table and the key fields of the altered row. */
  expect: { table: ChainTable; key: Record<string, string | number> };
}

const version = (n: number, v: number) => ({ cert_number: numberOf(n), version: v });

/** Makes the current row say exactly what version `v` says, as a careful forger would. */
async function restoreVersion(db: Kysely<Database>, certNumber: string, v: number): Promise<void> {
  await sql`
    update certificates c set status = v.data->>'status', source_updated_at = (v.data->>'source_updated_at')::timestamptz,
      holder_name = v.data->>'holder_name', content_hash = v.content_hash, version = v.version
    from certificate_versions v
    where v.cert_number = c.cert_number and v.issuer_code = c.issuer_code and v.cert_type_code = c.cert_type_code
      and c.cert_number = ${certNumber} and v.version = ${v}`.execute(db);
}

export const TAMPER_CASES: TamperCase[] = [
  {
    name: 'edited data column of a version',
    apply: (db) => sql`update certificate_versions set data = jsonb_set(data, '{holder_name}', '"伪造公司"') where cert_number = ${numberOf(1)} and version = 1`.execute(db).then(() => undefined),
    expect: { table: 'certificate_versions', key: version(1, 1) },
  },
  {
    name: 'edited change of a version',
    apply: (db) => sql`update certificate_versions set change = 'insert' where cert_number = ${numberOf(1)} and version = 2`.execute(db).then(() => undefined),
    expect: { table: 'certificate_versions', key: version(1, 2) },
  },
  {
    name: 'edited run_id of a version',
    apply: (db) => sql`update certificate_versions set run_id = 'forged-run' where cert_number = ${numberOf(2)} and version = 1`.execute(db).then(() => undefined),
    expect: { table: 'certificate_versions', key: version(2, 1) },
  },
  {
    name: 'edited pipeline of a version',
    apply: (db) => sql`update certificate_versions set pipeline = 'hz-housing' where cert_number = ${numberOf(3)} and version = 2`.execute(db).then(() => undefined),
    expect: { table: 'certificate_versions', key: version(3, 2) },
  },
  {
    name: 'edited valid_from of a version',
    apply: (db) => sql`update certificate_versions set valid_from = valid_from - interval '1 day' where cert_number = ${numberOf(4)} and version = 1`.execute(db).then(() => undefined),
    expect: { table: 'certificate_versions', key: version(4, 1) },
  },
  {
    name: 'edited valid_to of a version',
    apply: (db) => sql`update certificate_versions set valid_to = valid_to + interval '30 days' where cert_number = ${numberOf(1)} and version = 1`.execute(db).then(() => undefined),
    expect: { table: 'certificate_versions', key: version(1, 1) },
  },
  {
    name: 'edited valid_to of a superseded version',
    apply: (db) => sql`update certificate_versions set valid_to = null where cert_number = ${numberOf(3)} and version = 2`.execute(db).then(() => undefined),
    expect: { table: 'certificate_versions', key: version(3, 2) },
  },
  {
    name: 'edited version number',
    apply: (db) => sql`update certificate_versions set version = 7 where cert_number = ${numberOf(4)} and version = 2`.execute(db).then(() => undefined),
    expect: { table: 'certificate_versions', key: version(4, 2) },
  },
  {
    name: 'deleted version',
    apply: (db) => sql`delete from certificate_versions where cert_number = ${numberOf(1)} and version = 1`.execute(db).then(() => undefined),
    expect: { table: 'certificate_versions', key: version(1, 1) },
  },
  {
    name: 'reordered versions',
    apply: async (db) => {
      const swap = (from: number, to: number) => sql`update certificate_versions set version = ${to} where cert_number = ${numberOf(2)} and version = ${from}`.execute(db);
      await swap(1, 99);
      await swap(2, 1);
      await swap(99, 2);
    },
    expect: { table: 'certificate_versions', key: version(2, 1) },
  },
  {
    name: 'edited current row (status)',
    apply: (db) => sql`update certificates set status = 'valid' where cert_number = ${numberOf(2)}`.execute(db).then(() => undefined),
    expect: { table: 'certificates', key: { cert_number: numberOf(2) } },
  },
  {
    name: 'edited current row (valid_until and content_hash)',
    apply: (db) => sql`update certificates set valid_until = '2099-12-31', content_hash = md5('forged') where cert_number = ${numberOf(3)}`.execute(db).then(() => undefined),
    expect: { table: 'certificates', key: { cert_number: numberOf(3) } },
  },
  {
    name: 'current row put back to an older version in every column (revocation undone, history kept)',
    apply: (db) => restoreVersion(db, numberOf(2), 1),
    expect: { table: 'certificates', key: { cert_number: numberOf(2) } },
  },
  {
    name: 'deleted newest version with the current row pointed back (revocation undone, history cut)',
    apply: async (db) => {
      const n = numberOf(2);
      await sql`delete from certificate_versions where cert_number = ${n} and version = 2`.execute(db);
      await sql`update certificate_versions set valid_to = null where cert_number = ${n} and version = 1`.execute(db);
      await restoreVersion(db, n, 1);
    },
    expect: { table: 'certificate_versions', key: version(2, 2) },
  },
  {
    name: 'deleted certificate with all its versions',
    apply: async (db) => {
      await sql`delete from certificate_versions where cert_number = ${numberOf(4)}`.execute(db);
      await sql`delete from certificates where cert_number = ${numberOf(4)}`.execute(db);
    },
    expect: { table: 'certificates', key: { cert_number: numberOf(4) } },
  },
  {
    name: 'edited lookup-log row',
    apply: (db) => sql`update lookup_log set purpose = '其他事由' where seq = 2`.execute(db).then(() => undefined),
    expect: { table: 'lookup_log', key: { seq: 2 } },
  },
  {
    name: 'deleted lookup-log row',
    apply: (db) => sql`delete from lookup_log where seq = 5`.execute(db).then(() => undefined),
    expect: { table: 'lookup_log', key: { seq: 5 } },
  },
];
