import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadWorkspaceSettings } from '../../core/config.ts';
import { HubError } from '../../core/errors.ts';
import { dryRunPipeline } from '../../pipelines/dry-run-pipeline.ts';
import { validateFile } from '../../pipelines/validate-file.ts';
import { isSchemaName, schemaNames } from '../../schemas/ajv.ts';
import { EXIT_FAILED, EXIT_USAGE, ExitError } from '../exit-error.ts';
import { printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';
import { workspacePipelines } from '../workspace-pipelines.ts';

export interface ValidateOptions {
  /** Check a file in the canonical format against this schema. */
  schema?: string;
  /** Or check a pipeline's source exactly as `ecert sync --dry-run` would. */
  pipeline?: string;
  json?: boolean;
  /** Workspace whose ecert.yaml lists the certificate types (and, with --pipeline, holds the pipeline). */
  workspace?: string;
  today?: Date;
}

interface Finding {
  line: number;
  path: string;
  /** Reason code, or `warning`. */
  code: string;
  message: string;
}

function printFindings(where: string, findings: Finding[]): void {
  for (const f of findings) printLine(`${where}:${f.line}\t${f.path || '-'}\t${f.code}\t${f.message}`);
}

const USAGE = 'use either --schema <name> <file> or --pipeline <name>';

/** `ecert validate --schema <name> <file>`: exit 0 when every record is valid, 1 otherwise. */
async function validateSchemaFile(file: string, schema: string, opts: ValidateOptions): Promise<void> {
  if (!isSchemaName(schema)) {
    throw new HubError('HUB_ERR_SCHEMA_UNKNOWN', `unknown schema "${schema}"; use one of ${schemaNames.join(', ')}`);
  }
  if (!existsSync(file) || !statSync(file).isFile()) throw new HubError('HUB_ERR_FILE_NOT_FOUND', `no file at ${file}`);
  const settings = loadWorkspaceSettings(path.resolve(opts.workspace ?? '.'));
  const report = await validateFile(file, schema, { certificateTypes: settings.certificate_types, ...(opts.today ? { today: opts.today } : {}) });
  if (opts.json) {
    printJson(report);
  } else {
    printFindings(file, report.errors);
    printFindings(file, report.warnings.map((w) => ({ ...w, code: 'warning' })));
    printLine(`${report.valid} valid, ${report.invalid} invalid (${schema})`);
  }
  if (report.invalid > 0) throw new ExitError(EXIT_FAILED);
}

/** `ecert validate --pipeline <name>`: what `ecert sync <name> --dry-run` would find, record by record. */
async function validatePipeline(name: string, opts: ValidateOptions): Promise<void> {
  const workspace = opts.workspace ?? '.';
  const [pipeline] = workspacePipelines(workspace, [name]);
  const result = await withCatalog(workspace, (catalog, config) =>
    dryRunPipeline(pipeline!, {
      db: catalog.db,
      workspace: config.workspace,
      batchSize: config.batchSize,
      certificateTypes: config.settings.certificate_types,
      ...(opts.today ? { today: opts.today } : {}),
    }),
  );
  if (opts.json) {
    printJson(result);
  } else {
    const where = typeof pipeline!.source.path === 'string' ? pipeline!.source.path : pipeline!.name;
    printFindings(where, result.quarantine.map((q) => ({ ...q, code: q.reason })));
    printFindings(where, result.warnings.map((w) => ({ ...w, code: 'warning' })));
    printLine(`${result.valid} valid, ${result.duplicates} duplicates, ${result.quarantined} quarantined of ${result.read} read (pipeline ${result.pipeline})`);
    if (result.skipped > 0) printLine(`${result.skipped} records behind the incremental cursor were skipped`);
    if (result.error) printLine(`failed: ${result.error.code}: ${result.error.message}`);
  }
  if (result.status === 'failed' || result.quarantined > 0) throw new ExitError(EXIT_FAILED);
}

/** `ecert validate`: a canonical file against a schema, or a pipeline's source through the sync's own checks. */
export async function validate(file: string | undefined, opts: ValidateOptions): Promise<void> {
  if (opts.schema !== undefined && opts.pipeline !== undefined) throw new ExitError(EXIT_USAGE, `--schema and --pipeline cannot be used together; ${USAGE}`);
  if (opts.pipeline !== undefined) {
    if (file !== undefined) throw new ExitError(EXIT_USAGE, `--pipeline reads the pipeline's own source, not ${file}; ${USAGE}`);
    return validatePipeline(opts.pipeline, opts);
  }
  if (opts.schema === undefined) throw new ExitError(EXIT_USAGE, `${file === undefined ? 'nothing to validate' : `no schema given for ${file}`}; ${USAGE}`);
  if (file === undefined) throw new ExitError(EXIT_USAGE, `--schema needs the file to check; ${USAGE}`);
  return validateSchemaFile(file, opts.schema, opts);
}
