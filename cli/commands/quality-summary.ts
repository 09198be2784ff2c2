import type { WorkspaceSettings } from '../../core/config.ts';
import type { SyncReport } from '../../pipelines/sync-pipelines.ts';
import { formatTable, printLine } from '../print.ts';

/** Share of records that passed every check, per pipeline, against the workspace's thresholds. */
export function printQualitySummary(reports: SyncReport[], quality: WorkspaceSettings['quality']): void {
  const rows = reports.map((r) => {
    const score = r.read === 0 ? 100 : ((r.read - r.quarantined) / r.read) * 100;
    const verdict = score < quality.fail_below ? 'FAIL' : score < quality.warn_below ? 'warn' : 'ok';
    const reasons = Object.entries(r.quarantine_reasons).map(([k, v]) => `${k} ${v}`).join(', ');
    return [r.pipeline, r.read, r.quarantined, `${score.toFixed(1)}%`, verdict, reasons];
  });
  printLine(formatTable(['pipeline', 'read', 'quarantined', 'valid', 'verdict', 'quarantine reasons'], rows));
  printLine(`  thresholds from ecert.yaml: warn below ${quality.warn_below}%, fail below ${quality.fail_below}%`);
}
