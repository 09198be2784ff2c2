import { defineCommand, jsonOption, limitOption, Option, workspaceOption } from '../define-command.ts';
import type { LookupsOptions } from './lookups.ts';

export const lookupsCommand = defineCommand({
  name: 'lookups',
  description: 'the lookup log, newest first: who asked, why, for which case, and what was answered (holder ids as keyed hashes)',
  options: [
    workspaceOption(),
    new Option('--client <client>', 'client id or name (`cli` for command-line lookups)'),
    new Option('--since <time>', 'ISO date or time, or a duration back from now such as 2h or 7d'),
    new Option('--holder <id>', "only lookups about this holder (any written form; matched by keyed hash, the id itself is never stored)"),
    limitOption('rows to show, newest first', 100),
    jsonOption('print a JSON array'),
  ],
  action: async (opts: LookupsOptions) => (await import('./lookups.ts')).lookups(opts),
});
