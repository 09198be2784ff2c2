import { DEFAULT_MAX_BREAKS, verifyChains, type ChainBreak, type ChainReport } from '../../catalog/verify-chains.ts';
import { EXIT_FAILED, EXIT_USAGE, ExitError } from '../exit-error.ts';
import { printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

function describeBreak(b: ChainBreak): string {
  const key = Object.entries(b.key).map(([k, v]) => `${k}=${v}`).join(' ');
  const where = b.column === undefined ? `${b.table} ${key}` : `${b.table} ${key} column ${b.column}`;
  const values = b.expected === undefined && b.found === undefined ? '' : ` (expected ${b.expected ?? 'nothing'}, found ${b.found ?? 'nothing'})`;
  return `  ${where}: ${b.reason}${values}`;
}

function printReport(report: ChainReport): void {
  const certs = report.certificates;
  const logs = report.lookupLog;
  printLine(`certificates: ${certs.checked} current rows, ${certs.versions} versions; ${certs.seals.blocks} seal blocks holding ${certs.seals.heads} chain heads`);
  if (certs.seals.unsealedVersions > 0) {
    printLine(`  ${certs.seals.unsealedVersions} versions not sealed yet: their removal would not show until the next sync or server seals them`);
  }
  printLine(`lookup log: ${logs.blocks} blocks, ${logs.rows} rows`);
  const tail = logs.unsealed;
  if (tail.rows > 0) printLine(`  ${tail.rows} rows not sealed yet (oldest ${tail.oldestAt?.toISOString() ?? '?'}): they are verified once a server's sealer folds them in`);
  if (certs.seals.lastHash !== null || logs.lastHash !== null) {
    printLine(`newest block hashes (keep them elsewhere to prove later that nothing before them was rewritten):`);
    if (certs.seals.lastHash !== null) printLine(`  certificate seals block ${certs.seals.blocks}: ${certs.seals.lastHash}`);
    if (logs.lastHash !== null) printLine(`  lookup log block ${logs.blocks}: ${logs.lastHash}`);
  }
  for (const event of report.events) printLine(`chain event ${event.at.toISOString()} ${event.kind}: ${JSON.stringify(event.details)}`);
  if (report.ok) {
    printLine('every chain verified');
    return;
  }
  printLine(`BROKEN: ${report.brokenLinks} broken links`);
  for (const b of report.breaks) printLine(describeBreak(b));
  const hidden = report.brokenLinks - report.breaks.length;
  if (hidden > 0) printLine(`  … and ${hidden} more (raise --max to list them)`);
}

/** `ecert audit verify`: recomputes every hash chain; lists the broken links and exits 1 when there are any. */
export async function auditVerify(opts: { workspace: string; json?: boolean; max?: number }): Promise<ChainReport> {
  const max = opts.max ?? DEFAULT_MAX_BREAKS;
  if (!Number.isInteger(max) || max < 1) {
    throw new ExitError(EXIT_USAGE, `--max must be a whole number of at least 1, got ${String(opts.max)}`);
  }
  const report = await withCatalog(opts.workspace, (c) => verifyChains(c.db, { max }));
  if (opts.json) printJson(report);
  else printReport(report);
  if (!report.ok) throw new ExitError(EXIT_FAILED, `HUB_ERR_CHAIN_BROKEN: ${report.brokenLinks} broken links; stored data was altered`);
  return report;
}
