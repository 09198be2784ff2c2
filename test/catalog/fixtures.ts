import type { Kysely } from 'kysely';
import { loadCertificateBatch, type CertificateBatch } from '../../catalog/load-certificates.ts';
import { startRun } from '../../catalog/run-repository.ts';
import type { Database } from '../../catalog/database.ts';
import type { Certificate, Matter } from '../../schemas/types.ts';

export const ISSUER = '11100000000013127D';

export function certificate(n: number, overrides: Partial<Certificate> = {}): Certificate {
  return {
    cert_type_code: 'scjg-yyzz',
    cert_number: `NO-${String(n).padStart(6, '0')}`,
    issuer_code: ISSUER,
    issuer_name: '市场监督管理局',
    holder_kind: 'organisation',
    holder_id_type: '001',
    holder_id: `HOLDER-${n % 10}`,
    holder_name: `企业${n}`,
    issued_on: '2020-01-15',
    valid_from: '2020-01-15',
    valid_until: '2030-01-14',
    status: 'valid',
    surface: { 注册资本: `${n}万元`, 住所: '北京市' },
    source_updated_at: '2024-05-01T10:00:00+08:00',
    cert_identifier: null,
    ...overrides,
  };
}

export function certificates(count: number, overrides: Partial<Certificate> = {}): Certificate[] {
  return Array.from({ length: count }, (_, i) => certificate(i + 1, overrides));
}

export function matter(code: string, materials: number, overrides: Partial<Matter> = {}): Matter {
  return {
    matter_code: code,
    local_code: null,
    name: `事项 ${code}`,
    matter_type: '01',
    dept_code: '11100000000013127D',
    division_code: '110000',
    materials: Array.from({ length: materials }, (_, i) => ({
      material_code: `${code}-M${i + 1}`,
      name: `材料${i + 1}`,
      required: i === 0,
      accepted_cert_types: i === 0 ? ['scjg-yyzz'] : [],
      form: null,
      source_channel: null,
    })),
    ...overrides,
  };
}

/** Starts a run and loads `records` as one batch of it. */
export async function loadAsRun(
  db: Kysely<Database>,
  records: Certificate[],
  options: Partial<Omit<CertificateBatch, 'records' | 'runId'>> & { runId?: string } = {},
) {
  const pipeline = options.pipeline ?? 'scjg';
  const runId = options.runId ?? (await startRun(db, { pipeline, trigger: 'test' }));
  const quarantine = options.quarantine ?? [];
  const result = await loadCertificateBatch(db, {
    runId,
    pipeline,
    priority: options.priority ?? 0,
    disposition: options.disposition ?? 'merge',
    records,
    quarantine,
    state: options.state,
    counts: options.counts ?? { read: records.length + quarantine.length, duplicates: 0 },
  });
  return { runId, result };
}
