import { defineCommand, jsonOption, limitOption, pipelineOption, workspaceOption } from '../define-command.ts';
import type { RunsOptions } from './runs.ts';

export const runsCommand = defineCommand({
  name: 'runs',
  description: 'the run ledger: read / inserted / updated / unchanged / duplicates / quarantined per run',
  options: [workspaceOption(), pipelineOption('only runs of this pipeline'), limitOption('how many runs, newest first', 50), jsonOption()],
  action: async (opts: RunsOptions) => (await import('./runs.ts')).runs(opts),
});
