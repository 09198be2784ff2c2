import { defineCommand, jsonOption, workspaceOption, type CommandGroup } from '../define-command.ts';

export const auditCommands: CommandGroup = {
  name: 'audit',
  description: 'checks for auditors',
  commands: [
    defineCommand({
      name: 'verify',
      description: 'recompute every hash chain (certificate versions, lookup log); exit 1 when one is broken',
      options: [workspaceOption(), jsonOption('print the report as JSON')],
      action: async (opts: { workspace: string; json?: boolean }) => (await import('./audit.ts')).auditVerify(opts),
    }),
  ],
};
