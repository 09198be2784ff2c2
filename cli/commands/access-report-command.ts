import { Argument, defineCommand, Option, workspaceOption } from '../define-command.ts';
import type { AccessReportOptions } from './access-report.ts';

export const accessReportCommand = defineCommand({
  name: 'access-report',
  description: "a holder's access record (用证记录): every lookup and check of that holder, for answering a citizen's request",
  arguments: [new Argument('<holder-id>', 'USCC, resident id, … in any written form (full-width, lower-case x, 15-digit)')],
  options: [
    workspaceOption(),
    new Option('--since <time>', 'ISO date or time, or a duration back from now such as 30d'),
    new Option('--format <format>', 'text, json, or html (a printable page in Chinese)').choices(['text', 'json', 'html']).default('text'),
    new Option('--out <file>', 'write to this file instead of standard output'),
  ],
  action: async (holderId: string, opts: AccessReportOptions) => (await import('./access-report.ts')).accessReport(holderId, opts),
});
