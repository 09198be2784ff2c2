import { existsSync, readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { hubIdFrom } from '../../lookups/receipts/receipt-signer.ts';
import { verifyReceipt, type ReceiptVerdict } from '../../lookups/receipts/verify-receipt.ts';
import { publishedJwks } from '../../lookups/signing-keys.ts';
import { EXIT_FAILED, EXIT_USAGE, ExitError } from '../exit-error.ts';
import { printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

export interface ReceiptVerifyOptions {
  workspace: string;
  jwks?: string;
  hub?: string;
  issuer?: string;
  json?: boolean;
}

function readToken(receipt: string): string {
  const token = existsSync(receipt) ? readFileSync(receipt, 'utf8').trim() : receipt.trim();
  if (token === '') throw new ExitError(EXIT_USAGE, 'the receipt is empty');
  return token;
}

function asJwks(value: unknown, source: string): JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new ExitError(EXIT_USAGE, `${source} is not a JWKS document (no "keys" array)`);
  return { keys } as JSONWebKeySet;
}

function readJwksFile(file: string): JSONWebKeySet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ExitError(EXIT_USAGE, `cannot read the JWKS file ${file}`);
  }
  try {
    return asJwks(JSON.parse(text), file);
  } catch (err) {
    if (err instanceof ExitError) throw err;
    throw new ExitError(EXIT_USAGE, `${file} is not JSON`);
  }
}

async function fetchJwks(hub: string): Promise<JSONWebKeySet> {
  let url: URL;
  try {
    url = new URL('/.well-known/jwks.json', hub);
  } catch {
    throw new ExitError(EXIT_USAGE, `--hub "${hub}" is not a URL`);
  }
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new ExitError(EXIT_FAILED, `cannot reach ${url.href}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new ExitError(EXIT_FAILED, `${url.href} answered ${res.status}`);
  return asJwks(await res.json().catch(() => null), url.href);
}

function printVerdict(v: ReceiptVerdict): void {
  printLine(v.reason === null ? `receipt ${v.receipt_id} holds: ${v.message}` : `receipt ${v.receipt_id ?? '(unreadable)'} does not hold: ${v.message} (${v.reason})`);
  if (v.claims !== null) {
    const c = v.claims.certificate;
    printLine(`  certificate ${c.cert_type_code} ${c.cert_number} from ${c.issuer_code}, version ${c.version}, ${c.status} on ${v.claims.as_of}`);
    printLine(`  matter ${v.claims.matter_code}, material ${v.claims.material_code}, client ${v.claims.client}, purpose ${v.claims.purpose}`);
    printLine(`  issued ${new Date(v.claims.iat * 1000).toISOString()}, valid until ${new Date(v.claims.exp * 1000).toISOString()}`);
  }
  printLine(`  signature ${v.signature_valid ? 'valid' : 'INVALID'}, issued by this hub: ${v.issued_by_this_hub ? 'yes' : 'no'}, logged: ${v.logged ?? 'not checked (offline)'}`);
  if (v.certificate_now !== null) {
    const n = v.certificate_now;
    printLine(`  certificate now: ${n.status}${n.expired ? ', expired' : ''}, version ${n.version}${n.changed_since_issue ? ' (changed since the receipt)' : ''}`);
  }
}

/**
 * `ecert receipt verify`: offline against a JWKS (file or hub URL), else against the workspace
 * catalogue, which also checks the lookup log and the certificate as it is today.
 */
export async function receiptVerify(receipt: string, opts: ReceiptVerifyOptions): Promise<ReceiptVerdict> {
  const token = readToken(receipt);
  const hubId = opts.issuer ?? hubIdFrom();
  const now = new Date();
  let verdict: ReceiptVerdict;
  if (opts.jwks !== undefined) {
    verdict = await verifyReceipt(token, { jwks: readJwksFile(opts.jwks), hubId, now });
  } else if (opts.hub !== undefined) {
    verdict = await verifyReceipt(token, { jwks: await fetchJwks(opts.hub), hubId, now });
  } else {
    verdict = await withCatalog(opts.workspace, async (c) => verifyReceipt(token, { jwks: await publishedJwks(c.db), hubId, now, db: c.db }));
  }
  if (opts.json) printJson(verdict);
  else printVerdict(verdict);
  if (verdict.reason !== null) throw new ExitError(EXIT_FAILED);
  return verdict;
}
