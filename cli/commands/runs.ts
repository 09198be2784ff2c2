import { listRuns } from '../../catalog/run-repository.ts';
import type { RunRow } from '../../catalog/tables/runs.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

export interface RunsOptions {
  workspace: string;
  pipeline?: string;
  limit?: number;
  json?: boolean;
}

function seconds(r: RunRow): string {
  if (!r.finished_at) return '';
  return ((r.finished_at.getTime() - r.started_at.getTime()) / 1000).toFixed(1);
}

/** The run ledger, newest first. */
export async function runs(opts: RunsOptions): Promise<RunRow[]> {
  const rows = await withCatalog(opts.workspace, (c) => listRuns(c.db, { pipeline: opts.pipeline, limit: opts.limit ?? 50 }));
  if (opts.json) {
    printJson(rows);
    return rows;
  }
  if (rows.length === 0) {
    printLine('no runs yet: run `ecert sync --all`');
    return rows;
  }
  printLine(
    formatTable(
      ['started', 'pipeline', 'trigger', 'status', 'read', 'inserted', 'updated', 'unchanged', 'duplicates', 'quarantined', 'seconds', 'run id'],
      rows.map((r) => [
        r.started_at.toISOString().replace('T', ' ').slice(0, 19),
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
  for (const r of rows.filter((x) => x.error)) {
    const e = r.error as { code?: string; message?: string };
    printLine(`  ${r.id} ${r.status}: ${e.code ?? ''} ${e.message ?? ''}`.trimEnd());
  }
  return rows;
}
