import { Argument, defineCommand, jsonOption, type CommandGroup } from '../define-command.ts';

export const idCommands: CommandGroup = {
  name: 'id',
  description: 'identifier tools (统一社会信用代码, 组织机构代码, 公民身份号码)',
  commands: [
    defineCommand({
      name: 'check',
      description: 'classify and check identifiers; reads one per line from stdin when none are given',
      arguments: [new Argument('[values...]', 'identifiers to check')],
      options: [jsonOption('print a JSON array')],
      action: async (values: string[], opts: { json?: boolean }) => (await import('./id-check.ts')).idCheck(values, opts),
    }),
  ],
};
