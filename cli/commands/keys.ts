import { listSigningKeys } from '../../catalog/signing-key-repository.ts';
import { generateSigningKey, jwksOf, loadSigningKey, signingKeyFile, type GeneratedKey } from '../../lookups/signing-keys.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

/** `ecert keys generate` / `ecert keys rotate`. */
export async function keysGenerate(opts: { workspace: string; json?: boolean }, rotate: boolean): Promise<GeneratedKey> {
  const made = await withCatalog(opts.workspace, (c, config) => generateSigningKey(c.db, signingKeyFile(config), { rotate }));
  if (opts.json) printJson(made);
  else {
    printLine(`signing key ${made.kid} written to ${made.file} (mode 0600)`);
    if (made.replaced !== null) printLine(`it replaces ${made.replaced}, which stays published so that its receipts still verify`);
    printLine('A running `ecert serve` signs with the new key after a restart.');
  }
  return made;
}

export interface KeyView {
  kid: string;
  created_at: string;
  retired_at: string | null;
  /** The key this workspace's key file holds. */
  current: boolean;
}

/** `ecert keys list`. */
export async function keysList(opts: { workspace: string; jwks?: boolean; json?: boolean }): Promise<KeyView[]> {
  const { rows, currentKid } = await withCatalog(opts.workspace, async (c, config) => ({
    rows: await listSigningKeys(c.db),
    currentKid: (await loadSigningKey(signingKeyFile(config)))?.kid,
  }));
  const keys = rows.map((r): KeyView => ({ kid: r.kid, created_at: r.created_at.toISOString(), retired_at: r.retired_at?.toISOString() ?? null, current: r.kid === currentKid }));
  if (opts.jwks) printJson(jwksOf(rows));
  else if (opts.json) printJson(keys);
  else if (keys.length === 0) printLine('no signing keys: make one with `ecert keys generate`');
  else {
    const when = (iso: string | null) => iso?.slice(0, 19).replace('T', ' ') ?? '';
    printLine(formatTable(['kid', 'created', 'retired', 'signs here'], keys.map((k) => [k.kid, when(k.created_at), when(k.retired_at), k.current ? 'yes' : ''])));
  }
  return keys;
}
