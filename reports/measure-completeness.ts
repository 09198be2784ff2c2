import { duckRows } from './duck-rows.ts';
import type { MeasureContext } from './measure-context.ts';
import type { CompletenessRow } from './report-types.ts';
import { share } from './score.ts';

/** The certificate fields required after normalising, then the optional ones measured. */
export const REQUIRED_FIELDS = ['cert_type_code', 'cert_number', 'issuer_code', 'holder_id', 'holder_name', 'issued_on', 'status'] as const;
export const OPTIONAL_FIELDS = ['issuer_name', 'valid_from', 'valid_until', 'cert_identifier', 'source_updated_at'] as const;
const FIELDS = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS];

const present = (f: string): string => (f === 'source_updated_at' ? `count(${f})` : `count(nullif(trim(${f}), ''))`);

export interface Completeness {
  /** Per pipeline and field. */
  rows: CompletenessRow[];
  /** Per certificate type and field, over loaded certificates only (quarantined records have no trusted type). */
  byType: { cert_type_code: string; field: string; required: boolean; records: number; present: number; share: number | null }[];
}

/**
 * Non-null share of every field. A required field is never empty in the catalogue (such records
 * are quarantined as missing_field), so for required fields the records quarantined for lacking
 * one count as records where that field (their JSON path) is absent and the others present.
 */
export async function measureCompleteness(ctx: MeasureContext): Promise<Completeness> {
  const counts = FIELDS.map((f) => `${present(f)} as "n_${f}"`).join(', ');
  // Per pipeline and per certificate type in one pass over the certificates.
  const grouped = await duckRows<Record<string, number | string>>(
    ctx.duck,
    `select grouping(pipeline) as per_type, pipeline, cert_type_code, count(*) as records, ${counts}
     from certificates group by grouping sets ((pipeline), (cert_type_code)) order by per_type, pipeline, cert_type_code`,
  );
  const perPipeline = grouped.filter((r) => r.per_type === 0);
  const perType = grouped.filter((r) => r.per_type === 1);
  const missing = await duckRows<{ pipeline: string; field: string; n: number }>(
    ctx.duck,
    `select pipeline, ltrim(coalesce(path, ''), '/$.') as field, count(*) as n from quarantine where reason = 'missing_field' group by all`,
  );
  const pipelines = new Set([...perPipeline.map((r) => String(r.pipeline)), ...missing.map((m) => m.pipeline)]);
  const rows: CompletenessRow[] = [];
  for (const pipeline of [...pipelines].sort()) {
    const loaded = perPipeline.find((r) => r.pipeline === pipeline);
    const records = Number(loaded?.records ?? 0);
    const missingHere = missing.filter((m) => m.pipeline === pipeline);
    const missingTotal = missingHere.reduce((a, m) => a + m.n, 0);
    for (const field of FIELDS) {
      const required = (REQUIRED_FIELDS as readonly string[]).includes(field);
      const have = Number(loaded?.[`n_${field}`] ?? 0);
      if (required) {
        const absent = missingHere.filter((m) => m.field === field).reduce((a, m) => a + m.n, 0);
        const total = records + missingTotal;
        rows.push({ pipeline, field, required, records: total, present: have + missingTotal - absent, share: share(have + missingTotal - absent, total) });
      } else {
        rows.push({ pipeline, field, required, records, present: have, share: share(have, records) });
      }
    }
  }
  const byType = perType.flatMap((r) =>
    FIELDS.map((field) => ({
      cert_type_code: String(r.cert_type_code),
      field,
      required: (REQUIRED_FIELDS as readonly string[]).includes(field),
      records: Number(r.records),
      present: Number(r[`n_${field}`]),
      share: share(Number(r[`n_${field}`]), Number(r.records)),
    })),
  );
  return { rows, byType };
}
