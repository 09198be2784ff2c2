import { defineCommand, jsonOption, limitOption, Option, workspaceOption } from '../define-command.ts';
import type { LookupsOptions } from './lookups.ts';

export const lookupsCommand = defineCommand({
  name: 'lookups',
  description: 'the lookup log: who asked, why, and what was answered (holder ids as keyed hashes)',
  options: [
    workspaceOption(),
    new Option('--client <client>', 'client id or name (`cli` for command-line lookups)'),
    new Option('--since <time>', 'ISO date or time, or a duration back from now such as 2h or 7d'),
    limitOption('rows to show', 100),
    jsonOption('print a JSON array'),
  ],
  action: async (opts: LookupsOptions) => (await import('./lookups.ts')).lookups(opts),
});
