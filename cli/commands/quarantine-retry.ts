import { pipelineLocks } from '../../catalog/pipeline-lock.ts';
import { type RetryReport, retryQuarantine } from '../../pipelines/retry-quarantine.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';
import { workspacePipelines } from '../workspace-pipelines.ts';

/** `ecert quarantine retry`: after a mapping or normaliser fix, loads what now passes. */
export async function quarantineRetry(opts: { workspace: string; pipeline?: string; json?: boolean }): Promise<RetryReport[]> {
  const pipelines = workspacePipelines(opts.workspace, opts.pipeline ? [opts.pipeline] : [], true);
  const reports = await withCatalog(opts.workspace, async (catalog, config) => {
    const out: RetryReport[] = [];
    // A retry writes a run of the pipeline: never beside a sync of it.
    const locks = pipelineLocks(catalog);
    for (const p of pipelines) {
      out.push(await locks.exclusive(p.name, () => retryQuarantine(catalog.db, p, { batchSize: config.batchSize, certificateTypes: config.settings.certificate_types })));
    }
    return out;
  });
  if (opts.json) printJson(reports);
  else {
    printLine(
      formatTable(
        ['pipeline', 'retried', 'fixed', 'inserted', 'updated', 'unchanged', 'still quarantined'],
        reports.map((r) => [r.pipeline, r.retried, r.fixed, r.inserted, r.updated, r.unchanged, r.still_quarantined]),
      ),
    );
  }
  return reports;
}
