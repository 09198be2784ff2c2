import { countDuplicates, findRuns, listDuplicates, listRuns } from '../../catalog/run-repository.ts';
import { quarantineReasonCounts } from '../../catalog/quarantine-summary.ts';
import type { RunDuplicateRow } from '../../catalog/tables/run-duplicates.ts';
import type { RunRow } from '../../catalog/tables/runs.ts';
import { loadConfig } from '../../core/config.ts';
import { HubError } from '../../core/errors.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { formatLocalTime, localTimeZone } from '../format-time.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';
import { warnIfNoPipelines } from '../workspace-pipelines.ts';

export interface RunsOptions {
  workspace: string;
  pipeline?: string;
  limit?: number;
  /** One run in full: its id or the start of it. */
  show?: string;
  json?: boolean;
}

/** One run in full, as `ecert runs --show` prints it. */
export interface RunDetail {
  run: RunRow;
  /** Where the pipeline reads from today (its file or connector), when its definition is in the workspace. */
  source: string | null;
  time_zone: string;
  quarantine_reasons: Record<string, number>;
  /** Duplicates whose content differed from the row kept (the rest were identical repeats). */
  conflicting_duplicates: number;
  conflicts: RunDuplicateRow[];
}

/** How many conflicting duplicates `--show` lists; the count above the list is always complete. */
const SHOWN_CONFLICTS = 1000;

const DUPLICATE_REASONS: Record<string, string> = {
  older_source_updated_at: 'older source_updated_at than the kept line',
  earlier_line: 'same or no source_updated_at; the later line wins',
};

function seconds(r: RunRow): string {
  if (!r.finished_at) return '';
  return ((r.finished_at.getTime() - r.started_at.getTime()) / 1000).toFixed(1);
}

function errorText(r: RunRow): string {
  const e = r.error as { code?: string; message?: string } | null;
  return e ? `${e.code ?? ''} ${e.message ?? ''}`.trim() : '';
}

/** `["scjg-yyzz","113…","Q1"]` → `scjg-yyzz / 113… / Q1`: how people read a natural key. */
function keyText(key: string): string {
  try {
    const parts: unknown = JSON.parse(key);
    return Array.isArray(parts) ? parts.join(' / ') : key;
  } catch {
    return key;
  }
}

/** The run ledger, newest first; with `show`, one run in full. */
export async function runs(opts: RunsOptions): Promise<RunRow[] | RunDetail> {
  if (opts.show !== undefined) return showRun(opts.show, opts);
  const rows = await withCatalog(opts.workspace, (c) => listRuns(c.db, { pipeline: opts.pipeline, limit: opts.limit ?? 50 }));
  const noPipelines = rows.length === 0 && warnIfNoPipelines(opts.workspace);
  if (opts.json) {
    printJson(rows);
    return rows;
  }
  if (rows.length === 0) {
    if (!noPipelines) printLine('no runs yet: run `ecert sync --all`');
    return rows;
  }
  printLine(
    formatTable(
      [`started (${localTimeZone()})`, 'pipeline', 'trigger', 'status', 'read', 'inserted', 'updated', 'unchanged', 'duplicates', 'quarantined', 'seconds', 'run id'],
      rows.map((r) => [
        formatLocalTime(r.started_at),
        r.pipeline,
        r.trigger,
        r.status,
        r.read,
        r.inserted,
        r.updated,
        r.unchanged,
        r.duplicates,
        r.quarantined,
        seconds(r),
        r.id,
      ]),
    ),
  );
  for (const r of rows.filter((x) => x.error)) printLine(`  ${r.id} ${r.status}: ${errorText(r)}`.trimEnd());
  if (rows.some((r) => r.trigger === 'retry')) printLine('  a retry run reads the quarantined records it retried: read = how many it retried');
  return rows;
}

async function showRun(idOrPrefix: string, opts: RunsOptions): Promise<RunDetail> {
  const wanted = idOrPrefix.trim();
  if (wanted === '') throw new ExitError(EXIT_USAGE, '--show needs a run id (or the start of one)');
  const detail = await withCatalog(opts.workspace, async (c): Promise<RunDetail> => {
    const found = await findRuns(c.db, wanted);
    if (found.length === 0) throw new HubError('HUB_ERR_NOT_FOUND', `no run with id ${wanted}; \`ecert runs\` lists them`);
    if (found.length > 1) throw new ExitError(EXIT_USAGE, `"${wanted}" is the start of more than one run id (${found.map((r) => r.id).join(', ')}…); give more of it`);
    const run = found[0]!;
    return {
      run,
      source: sourceOf(opts.workspace, run.pipeline),
      time_zone: localTimeZone(),
      quarantine_reasons: await quarantineReasonCounts(c.db, run.id),
      conflicting_duplicates: await countDuplicates(c.db, run.id),
      conflicts: await listDuplicates(c.db, run.id, SHOWN_CONFLICTS),
    };
  });
  if (opts.json) printJson(detail);
  else printRunDetail(detail);
  return detail;
}

/** The pipeline's source as its definition names it; the lines of a run's duplicates refer to it. */
function sourceOf(workspace: string, pipeline: string): string | null {
  const definition = loadDefinitions(loadConfig({ workspace }).pipelinesDir).pipelines.find((p) => p.name === pipeline);
  if (definition === undefined) return null;
  const { connector, path } = definition.source;
  return typeof path === 'string' ? `${path} (${connector})` : connector;
}

function printRunDetail(d: RunDetail): void {
  const r = d.run;
  printLine(`run        ${r.id}`);
  printLine(`pipeline   ${r.pipeline}`);
  if (d.source !== null) printLine(`source     ${d.source}`);
  printLine(`trigger    ${r.trigger}`);
  printLine(`status     ${r.status}`);
  printLine(`started    ${formatLocalTime(r.started_at)} (${d.time_zone})`);
  printLine(`finished   ${r.finished_at ? `${formatLocalTime(r.finished_at)} (${seconds(r)} s)` : '—'}`);
  printLine(`read       ${r.read}${r.trigger === 'retry' ? ' (the quarantined records this retry took up again)' : ''}`);
  printLine(`  = inserted ${r.inserted} + updated ${r.updated} + unchanged ${r.unchanged} + duplicates ${r.duplicates} + quarantined ${r.quarantined}`);
  if (r.error) printLine(`error      ${errorText(r)}`);
  const reasons = Object.entries(d.quarantine_reasons);
  if (reasons.length > 0) {
    printLine();
    printLine('quarantined, by reason (records still open under this run):');
    printLine(formatTable(['reason', 'records'], reasons.map(([k, v]) => [k, v])));
  }
  printLine();
  if (d.conflicting_duplicates === 0) {
    printLine(r.duplicates > 0 ? `conflicting duplicates: none (the ${r.duplicates} duplicates repeat the kept line exactly)` : 'conflicting duplicates: none');
    return;
  }
  printLine(`conflicting duplicates: ${d.conflicting_duplicates} of ${r.duplicates} duplicates differ from the line kept for their key`);
  printLine(
    formatTable(
      ['line', 'kept line', 'natural key', 'why it lost'],
      d.conflicts.map((c) => [c.line ?? '', c.kept_line ?? '', keyText(c.natural_key), DUPLICATE_REASONS[c.reason] ?? c.reason]),
    ),
  );
  if (d.conflicts.length < d.conflicting_duplicates) printLine(`  … only the first ${d.conflicts.length} shown`);
}
