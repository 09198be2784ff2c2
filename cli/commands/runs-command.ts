import { defineCommand, jsonOption, limitOption, Option, pipelineOption, workspaceOption } from '../define-command.ts';
import type { RunsOptions } from './runs.ts';

export const runsCommand = defineCommand({
  name: 'runs',
  description: 'the run ledger: read / inserted / updated / unchanged / duplicates / quarantined per run',
  options: [
    workspaceOption(),
    pipelineOption('only runs of this pipeline'),
    limitOption('how many runs, newest first', 50),
    new Option('--show <run>', 'one run in full (id or its start): counts, trigger, times, quarantine reasons, conflicting duplicates'),
    jsonOption(),
  ],
  action: async (opts: RunsOptions) => (await import('./runs.ts')).runs(opts),
});
