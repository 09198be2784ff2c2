import { loadConfig } from '../../core/config.ts';
import { maskIdentityNumbers } from '../../core/log.ts';
import { checkSource, type SourceCheck } from '../../pipelines/check-source.ts';
import { EXIT_FAILED, ExitError } from '../exit-error.ts';
import { printJson, printLine } from '../print.ts';
import { workspacePipelines } from '../workspace-pipelines.ts';

/** `ecert check-source <name>`: reads the first batch and reports mapping problems; writes nothing. */
export async function checkPipelineSource(name: string, opts: { workspace: string; json?: boolean }): Promise<SourceCheck> {
  const [pipeline] = workspacePipelines(opts.workspace, [name], false);
  const config = loadConfig({ workspace: opts.workspace });
  const result = await checkSource(pipeline!, {
    workspace: config.workspace,
    batchSize: Math.min(config.batchSize, 1000),
    certificateTypes: config.settings.certificate_types,
  });
  if (opts.json) printJson(result);
  else {
    printLine(`${result.pipeline}: ${result.ok ? 'ok' : 'problem'} — ${result.message}`);
    printLine(`columns: ${result.columns.join(', ')}`);
    for (const m of result.missing_columns) {
      printLine(`  mapping ${m.field} → "${m.column}": no such column${m.suggestion === undefined ? '' : `; did you mean "${m.suggestion}"?`}`);
    }
    if (result.unmapped_columns.length > 0) printLine(`unmapped (kept in surface): ${result.unmapped_columns.join(', ')}`);
    const s = result.sample;
    const reasons = Object.entries(s.quarantined).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    printLine(`first ${s.read} records: ${s.valid} valid, ${s.duplicates} duplicates, quarantined: ${reasons}`);
    for (const p of s.first_problems) printLine(`  line ${p.line}: ${p.reason} ${p.path} ${maskIdentityNumbers(p.message)}`);
  }
  if (!result.ok) throw new ExitError(EXIT_FAILED);
  return result;
}
