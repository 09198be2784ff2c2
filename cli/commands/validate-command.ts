import { Argument, defineCommand, jsonOption, Option, workspaceOption } from '../define-command.ts';

export const validateCommand = defineCommand({
  name: 'validate',
  description: "check records as a sync would: a file in the canonical format (JSON, JSONL or YAML) against a schema, or a pipeline's source",
  arguments: [new Argument('[file]', 'file to check (with --schema)')],
  options: [
    new Option('--schema <name>', 'certificate | matter | certificate-type | pipeline (with <file>)'),
    new Option('--pipeline <name>', "run the pipeline's sync checks on its source without writing (same as sync --dry-run)"),
    workspaceOption(),
    jsonOption('print the report as JSON'),
  ],
  action: async (file: string | undefined, opts: { schema?: string; pipeline?: string; workspace: string; json?: boolean }) =>
    (await import('./validate.ts')).validate(file, opts),
});
