import type { MaterialCheck } from '../../lookups/check-materials.ts';
import { checkContextOf } from '../../lookups/check-context.ts';
import { requirePurpose } from '../../lookups/purpose.ts';
import { runCheck, type CheckResult } from '../../lookups/run-check.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { CLI_CLIENT_ID, withLookupContext } from './lookup.ts';

export interface CheckOptions {
  workspace: string;
  purpose?: string;
  /** 经办人, kept in the lookup log. */
  operator?: string;
  /** 办件编号, kept in the lookup log. */
  caseNo?: string;
  /** Also issue a usage receipt (加注件) per satisfied material. */
  receipt?: boolean;
  json?: boolean;
}

function certificateText(m: MaterialCheck): string {
  const c = m.certificate;
  if (c === undefined) return m.status === 'not_replaceable' ? 'paper needed: no certificate type replaces it' : '';
  const until = c.valid_until === null ? 'long-term' : `valid until ${c.valid_until}`;
  const actual = m.certificate_status === undefined ? '' : ` (${m.certificate_status})`;
  return `${c.cert_type_code} ${c.cert_number} from ${c.issuer_code}, ${until}${actual}`;
}

/** `ecert check <matter-code> <holder-id>`: the check route's answer, without HTTP. */
export async function check(matterCode: string, holderId: string, opts: CheckOptions): Promise<CheckResult> {
  const purpose = requirePurpose(opts.purpose, 'give --purpose <text>');
  const caller = { clientId: CLI_CLIENT_ID, purpose, ...checkContextOf({ operator: opts.operator, caseNo: opts.caseNo }) };
  const result = await withLookupContext(
    opts.workspace,
    (ctx) => runCheck(ctx, caller, { matterCode, holderId, receipt: opts.receipt === true }),
    { receipts: opts.receipt === true },
  );
  if (opts.json) {
    printJson(result);
    return result;
  }
  printCheckResult(result);
  return result;
}

/** The answer of a check as a window clerk reads it: one line per material. */
export function printCheckResult(result: CheckResult, indent = ''): void {
  printLine(`${indent}matter ${result.matter.matter_code} ${result.matter.name}`);
  printLine(`${indent}holder ${result.holder_id}, as of ${result.as_of}`);
  const table = formatTable(
    ['material', 'name', 'required', 'status', 'certificate used'],
    result.materials.map((m) => [m.material_code, m.name, m.required ? 'yes' : 'no', m.status, certificateText(m)]),
  );
  for (const line of table.split('\n')) printLine(`${indent}${line}`);
  const t = result.totals;
  printLine(`${indent}${t.materials} materials, ${t.waivable} replaceable by a certificate, ${t.satisfied} satisfied`);
  for (const r of result.receipts ?? []) {
    printLine(`${indent}receipt (加注件) for ${r.material_code}: ${r.id}, valid until ${r.expires_at}`);
    printLine(`${indent}  ${r.token}`);
  }
  if (result.receipts?.length === 0) printLine(`${indent}no receipt: no material is satisfied by a certificate`);
}
