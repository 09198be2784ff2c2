import { defineCommand, jsonOption, Option, workspaceOption } from '../define-command.ts';
import type { ExportCommandOptions } from './export.ts';

export const exportCommand = defineCommand({
  name: 'export',
  description: 'stream a catalogue table to Parquet, Arrow IPC or CSV for Spark, Trino or pandas',
  options: [
    workspaceOption(),
    new Option('--format <format>', 'parquet, arrow or csv').makeOptionMandatory(),
    new Option('--table <table>', 'certificates, versions, matters, runs, quarantine or lookups').makeOptionMandatory(),
    new Option('--out <dir>', 'folder to write <table>.<format> into').makeOptionMandatory(),
    new Option('--include-identities', 'write identity numbers as stored (masked without this flag)'),
    jsonOption('print what was written as JSON'),
  ],
  action: async (opts: ExportCommandOptions) => (await import('./export.ts')).exportTableCommand(opts),
});
