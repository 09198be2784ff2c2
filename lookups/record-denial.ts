import type { LookupContext } from './lookup-context.ts';

export interface Denial {
  clientId: string;
  /** 401 (revoked key) or 403 (scope missing). */
  status: number;
  code: string;
  method: string;
  /** The route pattern (`/v1/holders/:holderId/certificates`), never the URL with its ids. */
  route: string;
}

/**
 * A refused request of a known client goes into the lookup log (kind `denied`) like an answered
 * one, so that `ecert lookups` shows attempts beside answers. It has no purpose: the request
 * was refused before its purpose was read.
 */
export async function recordDenial(ctx: LookupContext, denial: Denial): Promise<void> {
  await ctx.lookupLog.append({
    clientId: denial.clientId,
    purpose: '',
    kind: 'denied',
    result: { status: denial.status, code: denial.code, method: denial.method, route: denial.route },
  });
}
