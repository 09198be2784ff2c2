import { sealLookupLog } from '../../catalog/lookup-log.ts';
import { resolveHolderHashKey } from '../../lookups/holder-hash-key.ts';
import { createLookupContext, type LookupContext } from '../../lookups/lookup-context.ts';
import { lookupHolder, type HolderCertificates } from '../../lookups/lookup-holder.ts';
import { requirePurpose } from '../../lookups/purpose.ts';
import { openReceiptSigner } from '../../lookups/receipts/receipt-signer.ts';
import type { CertStatus } from '../../schemas/types.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

/** Lookups from the command line are logged like API lookups, under this client id. */
export const CLI_CLIENT_ID = 'cli';

const STATUSES: readonly CertStatus[] = ['valid', 'suspended', 'revoked', 'cancelled', 'expired'];

/**
 * Runs `work` with the same lookup context the API uses (with the receipt signer when asked), then seals the log rows it wrote so
 * that they join the hash chain without waiting for a server's sealer.
 */
export async function withLookupContext<T>(
  workspace: string,
  work: (ctx: LookupContext) => Promise<T>,
  options: { receipts?: boolean } = {},
): Promise<T> {
  return withCatalog(workspace, async (catalog, config) => {
    const receipts = options.receipts ? await openReceiptSigner(catalog.db, config) : undefined;
    const ctx = createLookupContext(catalog.db, { holderHashKey: resolveHolderHashKey(config), receipts });
    const result = await work(ctx);
    await ctx.lookupLog.flush();
    await sealLookupLog(catalog.db);
    return result;
  });
}

export interface LookupOptions {
  workspace: string;
  type?: string;
  status?: string;
  purpose?: string;
  json?: boolean;
}

function statusOf(value: string | undefined): CertStatus | undefined {
  if (value === undefined) return undefined;
  if (!(STATUSES as readonly string[]).includes(value)) throw new ExitError(EXIT_USAGE, `unknown status "${value}"; one of: ${STATUSES.join(', ')}`);
  return value as CertStatus;
}

/** `ecert lookup <holder-id>`: the holder route's answer, without HTTP. */
export async function lookup(holderId: string, opts: LookupOptions): Promise<HolderCertificates> {
  const status = statusOf(opts.status);
  const purpose = requirePurpose(opts.purpose, 'give --purpose <text>');
  const answer = await withLookupContext(opts.workspace, (ctx) =>
    lookupHolder(ctx, { clientId: CLI_CLIENT_ID, purpose }, { holderId, type: opts.type, status }),
  );
  if (opts.json) {
    printJson(answer);
    return answer;
  }
  printLine(`holder ${answer.holder_id}: ${answer.count} certificate${answer.count === 1 ? '' : 's'} (as of ${answer.as_of})`);
  if (answer.count > 0) {
    printLine(
      formatTable(
        ['type', 'issuer', 'number', 'holder name', 'issued', 'valid until', 'status'],
        answer.certificates.map((c) => [
          c.cert_type_code,
          c.issuer_code,
          c.cert_number,
          c.holder_name,
          c.issued_on,
          c.valid_until ?? 'long-term',
          c.expired && c.status === 'valid' ? 'valid, expired' : c.status,
        ]),
      ),
    );
  }
  return answer;
}
