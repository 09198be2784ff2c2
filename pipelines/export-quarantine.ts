import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import { listQuarantine } from '../catalog/quarantine-repository.ts';
import type { Database, QuarantineRow } from '../catalog/tables.ts';
import type { QuarantineReason } from '../schemas/types.ts';

export interface QuarantineExportOptions {
  format: 'csv' | 'jsonl';
  /** The file to write. */
  out: string;
  pipeline?: string;
  reason?: QuarantineReason;
}

/**
 * The OWASP rule against CSV injection: a spreadsheet runs a cell that starts with one of
 * these as a formula, so such a cell gets a leading apostrophe and is shown as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function asText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
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
    const csv = stringify({
      bom: true,
      record_delimiter: 'windows',
      // csv-stringify quotes a field holding the whole record delimiter (CRLF) but not a lone CR or LF.
      quoted_match: /[\r\n]/,
      cast: {
        string: asText,
        number: (value) => asText(String(value)),
        bigint: (value) => asText(String(value)),
        boolean: (value) => String(value),
        object: (value) => asText(JSON.stringify(value)),
      },
    });
    await pipeline(Readable.from(csvRecords(rows)), csv, out);
  }
  return rows.length;
}
