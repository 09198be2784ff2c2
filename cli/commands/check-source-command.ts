import { Argument, defineCommand, jsonOption, workspaceOption } from '../define-command.ts';

export const checkSourceCommand = defineCommand({
  name: 'check-source',
  description: 'read the first batch of a pipeline source and report mapping problems (writes nothing)',
  arguments: [new Argument('<pipeline>', 'pipeline name')],
  options: [workspaceOption(), jsonOption()],
  action: async (name: string, opts: { workspace: string; json?: boolean }) => (await import('./check-source.ts')).checkPipelineSource(name, opts),
});
