import { verifyChains, type ChainReport } from '../../catalog/verify-chains.ts';
import { EXIT_FAILED, ExitError } from '../exit-error.ts';
import { printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

/** `ecert audit verify`: recomputes every hash chain; exit 1 when one is broken. */
export async function auditVerify(opts: { workspace: string; json?: boolean }): Promise<ChainReport> {
  const report = await withCatalog(opts.workspace, (c) => verifyChains(c.db));
  if (opts.json) printJson(report);
  else {
    const certs = report.certificates;
    const logs = report.lookupLog;
    printLine(`certificates: ${certs.checked} current rows, ${certs.versions} versions ${certs.broken ? 'BROKEN' : 'verified'}`);
    if (certs.broken) {
      const k = certs.broken.key;
      printLine(`  ${k.typeCode} / ${k.issuerCode} / ${k.number} version ${certs.broken.version}: ${certs.broken.reason}`);
    }
    printLine(`lookup log: ${logs.blocks} blocks, ${logs.rows} rows ${logs.broken ? 'BROKEN' : 'verified'}`);
    if (logs.broken) printLine(`  block ${logs.broken.block}: ${logs.broken.reason}`);
    const tail = logs.unsealed;
    if (tail.rows > 0) printLine(`  ${tail.rows} rows not sealed yet (oldest ${tail.oldestAt?.toISOString() ?? '?'}): they are verified once a server's sealer folds them in`);
  }
  if (!report.ok) throw new ExitError(EXIT_FAILED);
  return report;
}
