import { Command } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { accessReportCommand } from './commands/access-report-command.ts';
import { auditCommands } from './commands/audit-commands.ts';
import { checkCommand } from './commands/check-command.ts';
import { checkSourceCommand } from './commands/check-source-command.ts';
import { clientsCommands } from './commands/clients-commands.ts';
import { dbCommands } from './commands/db-commands.ts';
import { exportCommand } from './commands/export-command.ts';
import { demoCommand } from './commands/demo-command.ts';
import { demoDataCommand } from './commands/demo-data-command.ts';
import { idCommands } from './commands/id-commands.ts';
import { initCommand } from './commands/init-command.ts';
import { keysCommands } from './commands/keys-commands.ts';
import { lookupCommand } from './commands/lookup-command.ts';
import { lookupsCommand } from './commands/lookups-command.ts';
import { quarantineCommands } from './commands/quarantine-commands.ts';
import { receiptCommands } from './commands/receipt-commands.ts';
import { reportCommands } from './commands/report-commands.ts';
import { runsCommand } from './commands/runs-command.ts';
import { scheduleCommand } from './commands/schedule-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { syncCommand } from './commands/sync-command.ts';
import { validateCommand } from './commands/validate-command.ts';
import { registerCommand, type CommandDefinition, type CommandGroup } from './define-command.ts';


/** Every command, in the order `ecert --help` lists them. */
const COMMANDS: readonly (CommandDefinition | CommandGroup)[] = [
  idCommands,
  initCommand,
  runsCommand,
  checkSourceCommand,
  quarantineCommands,
  syncCommand,
  scheduleCommand,
  dbCommands,
  validateCommand,
  serveCommand,
  clientsCommands,
  lookupCommand,
  checkCommand,
  lookupsCommand,
  keysCommands,
  receiptCommands,
  accessReportCommand,
  reportCommands,
  exportCommand,
  auditCommands,
  demoDataCommand,
  demoCommand,
];

export function buildProgram(): Command {
  const program = new Command('ecert')
    .description('ecert-hub: aggregate e-certificates (电子证照) and service matters into one catalogue for 免证办理')
    .version(pkg.version, '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  for (const entry of COMMANDS) registerCommand(program, entry);
  return program;
}
