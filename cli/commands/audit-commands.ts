import { asNumber, defineCommand, jsonOption, Option, workspaceOption, type CommandGroup } from '../define-command.ts';

export const auditCommands: CommandGroup = {
  name: 'audit',
  description: 'checks for auditors',
  commands: [
    defineCommand({
      name: 'verify',
      description:
        'recompute every hash chain (certificate versions, current rows, sealed chain heads, lookup log) and list each broken link; exit 1 when one is broken',
      options: [
        workspaceOption(),
        jsonOption('print the report as JSON'),
        new Option('--max <n>', 'list at most this many broken links (all are counted)').argParser(asNumber).default(100),
      ],
      action: async (opts: { workspace: string; json?: boolean; max: number }) => (await import('./audit.ts')).auditVerify(opts),
    }),
  ],
};
