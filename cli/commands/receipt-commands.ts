import { Argument, defineCommand, jsonOption, Option, workspaceOption, type CommandGroup } from '../define-command.ts';
import type { ReceiptVerifyOptions } from './receipt.ts';

export const receiptCommands: CommandGroup = {
  name: 'receipt',
  description: 'usage receipts (加注件) issued by checks',
  commands: [
    defineCommand({
      name: 'verify',
      description:
        'check a receipt: signature, issuer, expiry; against the workspace catalogue (default) also the lookup log and whether the certificate is still valid. Exit 1 when it does not hold',
      arguments: [new Argument('<receipt>', 'the receipt token, or a file holding it')],
      options: [
        workspaceOption(),
        new Option('--jwks <file>', 'verify offline against this JWKS file (`ecert keys list --jwks`)').conflicts('hub'),
        new Option('--hub <url>', "verify offline against the keys the hub at this URL publishes (/.well-known/jwks.json)"),
        new Option('--issuer <id>', 'the hub id the receipt must name (default ECERT_HUB_ID, else ecert-hub)'),
        jsonOption('print the verdict as JSON'),
      ],
      action: async (receipt: string, opts: ReceiptVerifyOptions) => (await import('./receipt.ts')).receiptVerify(receipt, opts),
    }),
  ],
};
