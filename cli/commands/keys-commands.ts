import { defineCommand, jsonOption, Option, workspaceOption, type CommandGroup } from '../define-command.ts';

const keyFileNote = 'the private key goes to ECERT_SIGNING_KEY_FILE (default .ecert/signing-key.jwk, mode 0600); the public key is published at /.well-known/jwks.json';

export const keysCommands: CommandGroup = {
  name: 'keys',
  description: 'Ed25519 keys that sign usage receipts (加注件)',
  commands: [
    defineCommand({
      name: 'generate',
      description: `make the hub's first signing key; ${keyFileNote}`,
      options: [workspaceOption(), jsonOption('print { kid, file, replaced }')],
      action: async (opts: { workspace: string; json?: boolean }) => (await import('./keys.ts')).keysGenerate(opts, false),
    }),
    defineCommand({
      name: 'rotate',
      description: 'replace the signing key with a new one (new kid); the old public key stays published, so its receipts still verify',
      options: [workspaceOption(), jsonOption('print { kid, file, replaced }')],
      action: async (opts: { workspace: string; json?: boolean }) => (await import('./keys.ts')).keysGenerate(opts, true),
    }),
    defineCommand({
      name: 'list',
      description: 'published signing keys, newest first, and which one this workspace signs with',
      options: [
        workspaceOption(),
        new Option('--jwks', 'print the public keys as a JWKS document, for `ecert receipt verify --jwks <file>` elsewhere'),
        jsonOption('print a JSON array'),
      ],
      action: async (opts: { workspace: string; jwks?: boolean; json?: boolean }) => (await import('./keys.ts')).keysList(opts),
    }),
  ],
};
