import { Argument, defineCommand, jsonOption, Option, purposeOption, workspaceOption } from '../define-command.ts';
import type { LookupOptions } from './lookup.ts';

export const lookupCommand = defineCommand({
  name: 'lookup',
  description: "a holder's certificates, as the API answers (logged under client `cli`)",
  arguments: [new Argument('<holder-id>', 'USCC, resident id, … in any written form')],
  options: [
    workspaceOption(),
    new Option('--type <code>', 'only this certificate type'),
    new Option('--status <status>', 'only this stored status: valid, suspended, revoked, cancelled, expired'),
    purposeOption(),
    jsonOption('print the API answer as JSON'),
  ],
  action: async (holderId: string, opts: LookupOptions) => (await import('./lookup.ts')).lookup(holderId, opts),
});
