import { defineCommand, jsonOption, Option } from '../define-command.ts';
import type { DemoDataOptions } from './demo-data.ts';

export const demoDataCommand = defineCommand({
  name: 'demo-data',
  description: 'write a synthetic workspace (five department feeds with planted defects, matters) and its manifest.json',
  options: [
    new Option('--out <dir>', 'workspace folder to write').makeOptionMandatory(),
    new Option('--rows <n>', 'certificate rows across all departments').default('2000'),
    new Option('--seed <n>', 'random seed: the same seed and rows give byte-identical files').default('1'),
    new Option('--today <date>', 'ISO date the data is judged against (default: today in Asia/Shanghai)'),
    jsonOption('print the manifest summary as JSON'),
  ],
  action: async (opts: DemoDataOptions) => (await import('./demo-data.ts')).demoData(opts),
});
