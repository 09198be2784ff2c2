import { Argument, defineCommand, jsonOption } from '../define-command.ts';

export const initCommand = defineCommand({
  name: 'init',
  description: 'create a workspace: ecert.yaml, pipelines/ with a commented example, data/ with a synthetic sample it syncs',
  arguments: [new Argument('[dir]', 'folder to create it in').default('.')],
  options: [jsonOption('print what was created as JSON')],
  action: async (dir: string, opts: { json?: boolean }) => (await import('./init.ts')).init(dir, opts),
});
