import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { getQuarantine, listQuarantine } from '../../catalog/quarantine-repository.ts';
import type { QuarantineRow } from '../../catalog/tables.ts';
import { HubError } from '../../core/errors.ts';
import { maskIdentityNumbers } from '../../core/log.ts';
import { QUARANTINE_REASONS, type QuarantineReason } from '../../schemas/types.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

export interface QuarantineListOptions {
  workspace: string;
  pipeline?: string;
  reason?: string;
  all?: boolean;
  limit?: number;
  json?: boolean;
}

function reasonOf(value: string | undefined): QuarantineReason | undefined {
  if (value === undefined) return undefined;
  if (!(QUARANTINE_REASONS as readonly string[]).includes(value)) {
    throw new ExitError(EXIT_USAGE, `unknown reason "${value}"; one of: ${QUARANTINE_REASONS.join(', ')}`);
  }
  return value as QuarantineReason;
}

/** Unresolved quarantined records (all of them with `--all`), oldest first. */
export async function quarantineList(opts: QuarantineListOptions): Promise<QuarantineRow[]> {
  const reason = reasonOf(opts.reason);
  const rows = await withCatalog(opts.workspace, (c) =>
    listQuarantine(c.db, { pipeline: opts.pipeline, reason, unresolvedOnly: !opts.all, limit: opts.limit ?? 100 }),
  );
  if (opts.json) printJson(rows);
  else if (rows.length === 0) printLine('no quarantined records');
  else {
    printLine(
      formatTable(
        ['id', 'pipeline', 'line', 'reason', 'path', 'message'],
        rows.map((r) => [r.id, r.pipeline, r.line ?? '', r.reason, r.path ?? '', maskIdentityNumbers(r.message)]),
      ),
    );
  }
  return rows;
}

/** One quarantined record with its raw payload. Staff see the payload as the department sent it. */
export async function quarantineShow(id: string, opts: { workspace: string; json?: boolean }): Promise<QuarantineRow> {
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) throw new ExitError(EXIT_USAGE, `"${id}" is not a quarantine id`);
  const row = await withCatalog(opts.workspace, (c) => getQuarantine(c.db, n));
  if (!row) throw new HubError('HUB_ERR_NOT_FOUND', `no quarantined record with id ${n}`);
  if (opts.json) printJson(row);
  else {
    printLine(`id        ${row.id}`);
    printLine(`pipeline  ${row.pipeline} (run ${row.run_id})`);
    printLine(`line      ${row.line ?? ''}`);
    printLine(`reason    ${row.reason}${row.path ? ` at ${row.path}` : ''}`);
    printLine(`message   ${row.message}`);
    if (row.details) printLine(`details   ${JSON.stringify(row.details)}`);
    printLine(`status    ${row.resolved_at ? `resolved ${row.resolved_at.toISOString()} by run ${row.resolved_run_id}` : 'unresolved'}`);
    printLine('raw payload:');
    printLine(JSON.stringify(row.raw, null, 2));
  }
  return row;
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes unresolved quarantined records for sending back to the department: the original
 * columns as received, then the reason, field and message. CSV carries a BOM so Excel reads the
 * Chinese text as UTF-8.
 */
export async function quarantineExport(opts: {
  workspace: string;
  format: string;
  out: string;
  pipeline?: string;
  reason?: string;
}): Promise<number> {
  if (opts.format !== 'csv' && opts.format !== 'jsonl') throw new ExitError(EXIT_USAGE, `--format must be csv or jsonl, not "${opts.format}"`);
  const reason = reasonOf(opts.reason);
  const rows = await withCatalog(opts.workspace, (c) =>
    listQuarantine(c.db, { pipeline: opts.pipeline, reason, unresolvedOnly: true, limit: Number.MAX_SAFE_INTEGER }),
  );
  const out = createWriteStream(opts.out);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  if (opts.format === 'jsonl') {
    for (const r of rows) {
      await write(`${JSON.stringify({ id: r.id, pipeline: r.pipeline, line: r.line, reason: r.reason, path: r.path, message: r.message, raw: r.raw })}\n`);
    }
  } else {
    const columns = [...new Set(rows.flatMap((r) => (r.raw && typeof r.raw === 'object' ? Object.keys(r.raw) : [])))];
    await write(`\uFEFF${['quarantine_id', 'pipeline', 'line', ...columns, 'reason', 'field', 'message'].map(csvCell).join(',')}\r\n`);
    for (const r of rows) {
      const raw = (r.raw && typeof r.raw === 'object' ? r.raw : {}) as Record<string, unknown>;
      const cells = [r.id, r.pipeline, r.line, ...columns.map((c) => raw[c]), r.reason, r.path, r.message];
      await write(`${cells.map(csvCell).join(',')}\r\n`);
    }
  }
  out.end();
  await once(out, 'finish');
  process.stderr.write(`wrote ${rows.length} quarantined records to ${opts.out}\n`);
  return rows.length;
}
