import { Argument, defineCommand, jsonOption, Option, purposeOption, workspaceOption } from '../define-command.ts';
import type { CheckOptions } from './check.ts';

export const checkCommand = defineCommand({
  name: 'check',
  description: 'which materials of a matter the holder need not bring (免证办理), logged under client `cli`',
  arguments: [new Argument('<matter-code>', 'matter code'), new Argument('<holder-id>', 'USCC, resident id, … in any written form')],
  options: [
    workspaceOption(),
    purposeOption(),
    new Option('--operator <name>', '经办人: who at the window runs the check; kept in the lookup log'),
    new Option('--case-no <number>', '办件编号: the case the check is for; kept in the lookup log'),
    new Option('--receipt', 'also issue a signed usage receipt (加注件) for every satisfied material, to file with the case'),
    jsonOption('print the API answer as JSON'),
  ],
  action: async (matterCode: string, holderId: string, opts: CheckOptions) => (await import('./check.ts')).check(matterCode, holderId, opts),
});
