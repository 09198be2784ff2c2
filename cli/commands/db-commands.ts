import { defineCommand, jsonOption, workspaceOption, type CommandGroup } from '../define-command.ts';
import type { DbOptions } from './db.ts';

export const dbCommands: CommandGroup = {
  name: 'db',
  description: 'catalogue database (embedded .ecert/ store or ECERT_DATABASE_URL)',
  commands: [
    defineCommand({
      name: 'migrate',
      description: 'apply pending catalogue migrations (a no-op when up to date)',
      options: [workspaceOption(), jsonOption('print the result as JSON')],
      action: async (opts: DbOptions) => (await import('./db.ts')).dbMigrate(opts),
    }),
    defineCommand({
      name: 'status',
      description: 'show applied and pending catalogue migrations',
      options: [workspaceOption(), jsonOption('print the status as JSON')],
      action: async (opts: DbOptions) => (await import('./db.ts')).dbStatus(opts),
    }),
  ],
};
