import { dismissQuarantine, getQuarantine, listQuarantine } from '../../catalog/quarantine-repository.ts';
import type { QuarantineRow } from '../../catalog/tables/quarantine.ts';
import { HubError } from '../../core/errors.ts';
import { maskIdentityNumbers } from '../../core/log.ts';
import { userInfo } from 'node:os';
import { loadConfig } from '../../core/config.ts';
import { exportQuarantine, type QuarantineExportFile } from '../../pipelines/export-quarantine.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { QUARANTINE_REASONS, type QuarantineReason } from '../../schemas/types.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';
import { warnIfNoPipelines } from '../workspace-pipelines.ts';

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

function statusOf(row: QuarantineRow): string {
  if (row.resolution === null) return 'unresolved';
  if (row.resolution === 'dismissed') return `dismissed: ${row.resolution_note ?? ''}`;
  return `${row.resolution} by run ${row.resolved_run_id ?? ''}`;
}

/** Unresolved quarantined records (all of them with `--all`, with how each was closed), oldest first. */
export async function quarantineList(opts: QuarantineListOptions): Promise<QuarantineRow[]> {
  const reason = reasonOf(opts.reason);
  const rows = await withCatalog(opts.workspace, (c) =>
    listQuarantine(c.db, { pipeline: opts.pipeline, reason, unresolvedOnly: !opts.all, limit: opts.limit ?? 100 }),
  );
  const noPipelines = rows.length === 0 && warnIfNoPipelines(opts.workspace);
  if (opts.json) printJson(rows);
  else if (rows.length === 0) {
    if (!noPipelines) printLine('no quarantined records');
  } else {
    const head = ['id', 'pipeline', 'line', 'reason', 'path', 'message'];
    const cells = (r: QuarantineRow) => [r.id, r.pipeline, r.line ?? '', r.reason, r.path ?? '', maskIdentityNumbers(r.message)];
    printLine(opts.all ? formatTable([...head, 'status'], rows.map((r) => [...cells(r), statusOf(r)])) : formatTable(head, rows.map(cells)));
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
    printLine(`status    ${statusOf(row)}${row.resolved_at ? ` (${row.resolved_at.toISOString()})` : ''}`);
    printLine('raw payload:');
    printLine(JSON.stringify(row.raw, null, 2));
  }
  return row;
}

/** `ecert quarantine dismiss`: closes records by hand; the reason is kept with them. */
export async function quarantineDismiss(
  ids: string[],
  opts: { workspace: string; reason: string; json?: boolean },
): Promise<{ dismissed: number[]; already_resolved: number[] }> {
  const numbers = ids.map((id) => {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0) throw new ExitError(EXIT_USAGE, `"${id}" is not a quarantine id`);
    return n;
  });
  const result = await withCatalog(opts.workspace, (c) => dismissQuarantine(c.db, numbers, opts.reason));
  if (opts.json) printJson(result);
  else {
    printLine(`dismissed ${result.dismissed.length} quarantined record(s)${result.dismissed.length > 0 ? `: ${result.dismissed.join(', ')}` : ''}`);
    if (result.already_resolved.length > 0) printLine(`already resolved, left as they were: ${result.already_resolved.join(', ')}`);
  }
  return result;
}

/** `ecert quarantine export`: see pipelines/export-quarantine.ts. */
export async function quarantineExport(opts: {
  workspace: string;
  format: string;
  out: string;
  pipeline?: string;
  reason?: string;
  unmasked?: boolean;
  json?: boolean;
}): Promise<QuarantineExportFile[]> {
  const format = opts.format;
  if (format !== 'csv' && format !== 'jsonl' && format !== 'xlsx') throw new ExitError(EXIT_USAGE, `--format must be csv, jsonl or xlsx, not "${format}"`);
  const reason = reasonOf(opts.reason);
  // Only for the department's column names: a pipeline file with problems must not stop the export.
  const definitions = loadDefinitions(loadConfig({ workspace: opts.workspace }).pipelinesDir).pipelines;
  const files = await withCatalog(opts.workspace, (c) =>
    exportQuarantine(c.db, { format, out: opts.out, pipeline: opts.pipeline, reason, definitions, unmasked: opts.unmasked === true }),
  );
  if (opts.unmasked) {
    const { log } = await import('../../core/log.ts');
    log().warn(
      { event: 'identities_exported', files: files.map((f) => f.file), records: files.reduce((n, f) => n + f.records, 0), user: userInfo().username },
      'quarantine exported with identity numbers unmasked, as asked (--unmasked)',
    );
  }
  if (opts.json) printJson(files);
  else if (files.length === 0) process.stderr.write('no open quarantined records: nothing written\n');
  else for (const f of files) process.stderr.write(`wrote ${f.records} quarantined records of ${f.pipeline} to ${f.file}${opts.unmasked ? ' (identity numbers NOT masked: handle as personal data)' : ''}\n`);
  return files;
}
