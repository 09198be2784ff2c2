import { Argument, defineCommand, jsonOption, Option, workspaceOption, type CommandGroup } from '../define-command.ts';
import type { ClientsAddOptions } from './clients.ts';

export const clientsCommands: CommandGroup = {
  name: 'clients',
  description: 'API keys of window systems',
  commands: [
    defineCommand({
      name: 'add',
      description: 'register a client and print its key once (only a hash is stored)',
      arguments: [new Argument('<name>', 'client name, e.g. the window system')],
      options: [
        workspaceOption(),
        new Option('--scopes <list>', 'comma-separated: certificates:read, checks:run, reports:read, receipts:verify, access-log:read').makeOptionMandatory(),
        jsonOption('print { id, name, key, scopes }'),
      ],
      action: async (name: string, opts: ClientsAddOptions) => (await import('./clients.ts')).clientsAdd(name, opts),
    }),
    defineCommand({
      name: 'list',
      description: 'list clients (never their keys)',
      options: [workspaceOption(), new Option('--all', 'include revoked clients'), jsonOption('print a JSON array')],
      action: async (opts: { workspace: string; all?: boolean; json?: boolean }) => (await import('./clients.ts')).clientsList(opts),
    }),
    defineCommand({
      name: 'revoke',
      description: 'revoke a client; its key stops working at once',
      arguments: [new Argument('<client>', 'client id or name')],
      options: [workspaceOption(), jsonOption()],
      action: async (client: string, opts: { workspace: string; json?: boolean }) => (await import('./clients.ts')).clientsRevoke(client, opts),
    }),
  ],
};
