import type { Kysely } from 'kysely';
import type { Database } from '../catalog/database.ts';
import { duckRows } from './duck-rows.ts';
import { maskRecord } from './mask-record.ts';
import type { Consistency } from './measure-consistency.ts';
import type { MeasureContext } from './measure-context.ts';
import type { Uniqueness } from './measure-uniqueness.ts';
import type { Sample } from './report-types.ts';

interface HeldRow {
  id: number;
  pipeline: string;
  reason: string;
  run_id: string;
  line: number | null;
  path: string | null;
  message: string;
  details: string | null;
}

/**
 * A few failing rows per pipeline and kind of failure, identity numbers masked: quarantined
 * records (with their raw payload, read back from the catalogue for just these rows), certificates
 * valid but expired or issued outside the holder's division, and holders with several valid
 * certificates of one type.
 */
export async function collectSamples(db: Kysely<Database>, ctx: MeasureContext, found: { uniqueness: Uniqueness; consistency: Consistency }): Promise<Sample[]> {
  const held = await duckRows<HeldRow>(
    ctx.duck,
    `select id, pipeline, reason, run_id, line, path, message, details from (
       select *, row_number() over (partition by pipeline, reason order by id) as n from quarantine
     ) where n <= ${ctx.sampleSize} order by pipeline, reason, id`,
  );
  const raws = new Map<number, unknown>();
  if (held.length > 0) {
    const rows = await db.selectFrom('quarantine').select(['id', 'raw']).where('id', 'in', held.map((h) => h.id)).execute();
    for (const r of rows) raws.set(r.id, r.raw);
  }
  const samples: Sample[] = held.map((h) => ({
    dimension: 'validity',
    pipeline: h.pipeline,
    kind: h.reason,
    record: maskRecord({
      quarantine_id: h.id,
      run_id: h.run_id,
      line: h.line,
      path: h.path,
      message: h.message,
      details: h.details === null ? null : (JSON.parse(h.details) as unknown),
      raw: raws.get(h.id) ?? null,
    }) as Record<string, unknown>,
  }));
  for (const e of found.consistency.examples) {
    const { kind, pipeline, ...record } = e;
    samples.push({ dimension: 'consistency', pipeline, kind, record: maskRecord(record) as Record<string, unknown> });
  }
  for (const e of found.uniqueness.examples) {
    const { pipeline, ...record } = e;
    samples.push({ dimension: 'uniqueness', pipeline, kind: 'several_valid_of_one_type', record: maskRecord(record) as Record<string, unknown> });
  }
  return samples;
}
