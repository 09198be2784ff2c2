import { Argument, defineCommand, jsonOption, limitOption, Option, pipelineOption, workspaceOption, type CommandGroup } from '../define-command.ts';
import type { QuarantineListOptions } from './quarantine.ts';

const reasonOption = (): Option => new Option('--reason <code>', 'only this reason code');

export const quarantineCommands: CommandGroup = {
  name: 'quarantine',
  description: 'records that failed checks, kept with their raw payload',
  commands: [
    defineCommand({
      name: 'list',
      description: 'unresolved quarantined records, oldest first',
      options: [
        workspaceOption(),
        pipelineOption('only this pipeline'),
        reasonOption(),
        new Option('--all', 'include closed records (reloaded, retried, dismissed), with how each was closed'),
        limitOption('how many', 100),
        jsonOption(),
      ],
      action: async (opts: QuarantineListOptions) => (await import('./quarantine.ts')).quarantineList(opts),
    }),
    defineCommand({
      name: 'show',
      description: 'one quarantined record with its raw payload',
      arguments: [new Argument('<id>', 'quarantine id')],
      options: [workspaceOption(), jsonOption()],
      action: async (id: string, opts: { workspace: string; json?: boolean }) => (await import('./quarantine.ts')).quarantineShow(id, opts),
    }),
    defineCommand({
      name: 'export',
      description: "unresolved records for the departments: one file per pipeline, their own columns and line numbers, what is wrong in Chinese",
      options: [
        workspaceOption(),
        new Option('--out <dir|file>', 'folder for <pipeline>.<format> files, or one file (name ending in .<format>) for a single pipeline').makeOptionMandatory(),
        new Option('--format <format>', 'csv, xlsx or jsonl').default('csv'),
        pipelineOption('only this pipeline'),
        reasonOption(),
        new Option('--unmasked', 'write identity numbers unmasked (logged; handle the file as personal data); masked by default'),
        jsonOption('print the files written as JSON'),
      ],
      action: async (opts: { workspace: string; out: string; format: string; pipeline?: string; reason?: string; unmasked?: boolean; json?: boolean }) =>
        (await import('./quarantine.ts')).quarantineExport(opts),
    }),
    defineCommand({
      name: 'dismiss',
      description: 'close quarantined records by hand (e.g. withdrawn by the department); the reason is kept',
      arguments: [new Argument('<ids...>', 'quarantine ids')],
      options: [workspaceOption(), new Option('--reason <text>', 'why they are closed').makeOptionMandatory(), jsonOption()],
      action: async (ids: string[], opts: { workspace: string; reason: string; json?: boolean }) =>
        (await import('./quarantine.ts')).quarantineDismiss(ids, opts),
    }),
    defineCommand({
      name: 'retry',
      description: 'send unresolved records through the current mapping and normalisers again; fixed ones load',
      options: [workspaceOption(), pipelineOption('only this pipeline (default: all)'), jsonOption()],
      action: async (opts: { workspace: string; pipeline?: string; json?: boolean }) => (await import('./quarantine-retry.ts')).quarantineRetry(opts),
    }),
  ],
};
