import { defineCommand, jsonOption, Option, workspaceOption } from '../define-command.ts';
import type { ScheduleOptions } from './schedule.ts';

export const scheduleCommand = defineCommand({
  name: 'schedule',
  description: 'run every pipeline on its cron schedule, in the foreground, until SIGINT/SIGTERM',
  options: [workspaceOption(), new Option('--list', 'print when each pipeline runs next, and exit'), jsonOption('with --list: print JSON')],
  action: async (opts: ScheduleOptions) => (await import('./schedule.ts')).schedule(opts),
});
