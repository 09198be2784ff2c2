import { Argument, defineCommand, jsonOption, Option, workspaceOption } from '../define-command.ts';
import type { SyncOptions } from './sync.ts';

export const syncCommand = defineCommand({
  name: 'sync',
  description: 'run pipelines: extract → map → normalise → validate → dedupe → load',
  arguments: [new Argument('[pipelines...]', 'pipeline names (files in pipelines/)')],
  options: [
    workspaceOption(),
    new Option('--all', 'run every pipeline of the workspace'),
    new Option('--dry-run', 'read, check and count without writing anything'),
    new Option('--full-refresh', 'ignore the stored cursor and read the sources from the start'),
    new Option('--allow-mass-cancel', 'let a replace snapshot cancel more than max_cancel, or everything when it is empty'),
    jsonOption('print one JSON array with a result per pipeline'),
  ],
  action: async (names: string[], opts: SyncOptions) => (await import('./sync.ts')).sync(names, opts),
});
