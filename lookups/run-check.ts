import { certificatesByHolder } from '../catalog/certificate-repository.ts';
import { holderHash } from '../catalog/lookup-log.ts';
import { shanghaiDate } from '../catalog/shanghai-date.ts';
import { HubError } from '../core/errors.ts';
import { cleanCode } from '../schemas/normalise/text.ts';
import { checkMaterials, type MaterialCheck, type MaterialTotals } from './check-materials.ts';
import { normaliseHolderQuery, refuseInvalidHolder } from './holder-id.ts';
import type { Caller, LookupContext } from './lookup-context.ts';
import { matterSummary, type MatterSummary } from '../catalog/matter-summary.ts';
import { issueReceipts, type IssuedReceipt } from './receipts/issue-receipts.ts';

export interface CheckResult {
  as_of: string;
  holder_id: string;
  matter: MatterSummary;
  materials: MaterialCheck[];
  totals: MaterialTotals;
  /** With `receipt`: a signed usage receipt (加注件) per satisfied material. */
  receipts?: IssuedReceipt[];
}

/**
 * 免证办理 check: for every material of the matter, whether a certificate the holder already
 * holds replaces it. The decision is checkMaterials(); this reads its inputs and logs the answer.
 */
export async function runCheck(ctx: LookupContext, caller: Caller, input: { matterCode: string; holderId: string; receipt?: boolean }): Promise<CheckResult> {
  const holder = normaliseHolderQuery(input.holderId, 'holder_id', ctx.today());
  const matterCode = cleanCode(input.matterCode);
  const asOf = shanghaiDate(ctx.today());
  const [matter, held] = await Promise.all([
    ctx.findMatter(matterCode),
    certificatesByHolder(ctx.db, [holder.id, ...holder.alsoStoredAs], { today: asOf }),
  ]);
  const decision = matter === undefined ? undefined : checkMaterials(matter.materials, held, asOf);
  const issued =
    input.receipt && decision !== undefined
      ? await issueReceipts(ctx.receipts, caller, { matterCode, asOf, now: ctx.today(), materials: decision.materials, held })
      : undefined;
  await ctx.lookupLog.append({
    clientId: caller.clientId,
    purpose: caller.purpose,
    operator: caller.operator ?? null,
    caseNo: caller.caseNo ?? null,
    kind: 'check',
    matterCode,
    holderHash: holderHash(ctx.holderHashKey, holder.id),
    result:
      decision === undefined
        ? { matter_found: false }
        : {
            matter_found: true,
            totals: decision.totals,
            materials: Object.fromEntries(decision.materials.map((m) => [m.material_code, m.status])),
          },
    receipts: issued?.logged,
  });
  refuseInvalidHolder(holder, held.length, 'holder_id');
  if (matter === undefined || decision === undefined) throw new HubError('HUB_ERR_NOT_FOUND', 'No matter with that code');
  const answer = { as_of: asOf, holder_id: holder.id, matter: matterSummary(matter), materials: decision.materials, totals: decision.totals };
  return issued === undefined ? answer : { ...answer, receipts: issued.receipts };
}
