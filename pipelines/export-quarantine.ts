import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { listQuarantine } from '../catalog/quarantine-repository.ts';
import type { Database } from '../catalog/database.ts';
import type { QuarantineRow } from '../catalog/tables/quarantine.ts';
import { safeCsvStringifier } from '../core/safe-csv-stringifier.ts';
import type { QuarantineReason } from '../schemas/types.ts';

export interface QuarantineExportOptions {
  format: 'csv' | 'jsonl';
  /** The file to write. */
  out: string;
  pipeline?: string;
  reason?: QuarantineReason;
}

function rawOf(row: QuarantineRow): Record<string, unknown> {
  return row.raw !== null && typeof row.raw === 'object' ? (row.raw as Record<string, unknown>) : {};
}

/** Header and rows: the original columns as received, framed by id, pipeline, line and the verdict. */
function* csvRecords(rows: QuarantineRow[]): Generator<unknown[]> {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(rawOf(r))))];
  yield ['quarantine_id', 'pipeline', 'line', ...columns, 'reason', 'field', 'message'];
  for (const r of rows) {
    const raw = rawOf(r);
    yield [r.id, r.pipeline, r.line, ...columns.map((c) => raw[c]), r.reason, r.path, r.message];
  }
}

function* jsonlRecords(rows: QuarantineRow[]): Generator<string> {
  for (const r of rows) {
    yield `${JSON.stringify({ id: r.id, pipeline: r.pipeline, line: r.line, reason: r.reason, path: r.path, message: r.message, raw: r.raw })}\n`;
  }
}

/**
 * Writes unresolved quarantined records for sending back to the department. CSV carries a
 * BOM so that Excel reads the Chinese text as UTF-8, and no cell of it can run as a formula.
 * Returns how many records were written.
 */
export async function exportQuarantine(db: Kysely<Database>, opts: QuarantineExportOptions): Promise<number> {
  const rows = await listQuarantine(db, { pipeline: opts.pipeline, reason: opts.reason, unresolvedOnly: true, limit: Number.MAX_SAFE_INTEGER });
  const out = createWriteStream(opts.out);
  if (opts.format === 'jsonl') {
    await pipeline(Readable.from(jsonlRecords(rows)), out);
  } else {
    const csv = safeCsvStringifier();
    await pipeline(Readable.from(csvRecords(rows)), csv, out);
  }
  return rows.length;
}
