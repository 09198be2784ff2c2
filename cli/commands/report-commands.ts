import { defineCommand, jsonOption, Option, workspaceOption, type CommandGroup } from '../define-command.ts';
import type { ReportQualityOptions } from './report.ts';

export const reportCommands: CommandGroup = {
  name: 'report',
  description: 'reports for auditors and the data office',
  commands: [
    defineCommand({
      name: 'quality',
      description: 'quality of the catalogue per department and certificate type, and 免证 coverage (DuckDB)',
      options: [
        workspaceOption(),
        new Option('--format <format>', 'html, json or csv (one file per table)').default('html'),
        new Option('--out <path>', 'file (html, json) or folder (csv) to write; default quality-report-<date> in the workspace'),
        new Option('--since <time>', 'only runs and quarantine since: ISO date or time, or a duration such as 7d'),
        new Option('--pipeline <name>', 'only this pipeline'),
        new Option('--today <date>', 'judge expiry against this date instead of today'),
        jsonOption('print the files written and the scores as JSON'),
      ],
      action: async (opts: ReportQualityOptions) => (await import('./report.ts')).reportQuality(opts),
    }),
  ],
};
