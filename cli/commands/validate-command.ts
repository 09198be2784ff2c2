import { Argument, defineCommand, jsonOption, Option, workspaceOption } from '../define-command.ts';

export const validateCommand = defineCommand({
  name: 'validate',
  description: 'normalise and check records (or a pipeline file) against a schema; JSON, JSONL or YAML',
  arguments: [new Argument('<file>', 'file to check')],
  options: [
    new Option('--schema <name>', 'certificate | matter | certificate-type | pipeline').makeOptionMandatory(),
    workspaceOption(),
    jsonOption('print { valid, invalid, errors, warnings } as JSON'),
  ],
  action: async (file: string, opts: { schema: string; workspace: string; json?: boolean }) => (await import('./validate.ts')).validate(file, opts),
});
