import { certificatesByHolder, type CertificateView } from '../catalog/certificate-repository.ts';
import { holderHash } from '../catalog/lookup-log.ts';
import { shanghaiDate } from '../catalog/shanghai-date.ts';
import type { CertStatus } from '../schemas/types.ts';
import { certificateOut, type CertificateOut } from './certificate-out.ts';
import { normaliseHolderQuery, refuseInvalidHolder } from './holder-id.ts';
import type { Caller, LookupContext } from './lookup-context.ts';

export interface HolderLookupInput {
  holderId: string;
  type?: string | undefined;
  status?: CertStatus | undefined;
}

export interface HolderCertificates {
  /** The date (Asia/Shanghai) `expired` was judged on. */
  as_of: string;
  holder_id: string;
  count: number;
  certificates: CertificateOut[];
}

function countBy(rows: CertificateView[], key: (r: CertificateView) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
}

/** A holder's certificates, whichever way the id was written; logged before it is returned. */
export async function lookupHolder(ctx: LookupContext, caller: Caller, input: HolderLookupInput): Promise<HolderCertificates> {
  const holder = normaliseHolderQuery(input.holderId, 'holderId', ctx.today());
  const asOf = shanghaiDate(ctx.today());
  const query = { type: input.type, status: input.status, today: asOf };
  const rows = await certificatesByHolder(ctx.db, [holder.id, ...holder.alsoStoredAs], query);
  await ctx.lookupLog.append({
    clientId: caller.clientId,
    purpose: caller.purpose,
    kind: 'holder',
    holderHash: holderHash(ctx.holderHashKey, holder.id),
    result: {
      certificates: rows.length,
      by_type: countBy(rows, (r) => r.cert_type_code),
      by_status: countBy(rows, (r) => (r.expired && r.status === 'valid' ? 'expired' : r.status)),
      filter: { type: input.type ?? null, status: input.status ?? null },
    },
  });
  refuseInvalidHolder(holder, rows.length, 'holderId');
  return { as_of: asOf, holder_id: holder.id, count: rows.length, certificates: rows.map(certificateOut) };
}
