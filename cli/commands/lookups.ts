import { listClients } from '../../catalog/api-client-repository.ts';
import { readLookups } from '../../catalog/lookup-log.ts';
import type { LookupLogRow } from '../../catalog/tables/lookup-log.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { parseSince } from '../parse-since.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

export interface LookupsOptions {
  workspace: string;
  /** Client id or name (`cli` for command-line lookups). */
  client?: string;
  /** An ISO date or time, or a duration back from now (`2h`, `7d`). */
  since?: string;
  limit?: number;
  json?: boolean;
}

export interface LookupView {
  seq: number;
  at: string;
  client_id: string;
  client_name: string | null;
  purpose: string;
  kind: LookupLogRow['kind'];
  matter_code: string | null;
  holder_hash: string | null;
  result: unknown;
  block_id: number | null;
}

/** The lookup log, oldest first: who asked, why, and a summary of the answer (holder ids only as keyed hashes). */
export async function lookups(opts: LookupsOptions): Promise<LookupView[]> {
  const since = opts.since === undefined ? undefined : parseSince(opts.since);
  const limit = opts.limit ?? 100;
  if (!Number.isInteger(limit) || limit <= 0) throw new ExitError(EXIT_USAGE, '--limit must be a positive whole number');
  const rows = await withCatalog(opts.workspace, async (c) => {
    const clients = await listClients(c.db, { includeRevoked: true });
    const names = new Map(clients.map((cl) => [cl.id, cl.name]));
    const clientId = opts.client === undefined ? undefined : (clients.find((cl) => cl.name === opts.client)?.id ?? opts.client);
    const found = await readLookups(c.db, { clientId, since, limit });
    return found.map(
      (r): LookupView => ({
        seq: r.seq,
        at: r.at.toISOString(),
        client_id: r.client_id,
        client_name: names.get(r.client_id) ?? null,
        purpose: r.purpose,
        kind: r.kind,
        matter_code: r.matter_code,
        holder_hash: r.holder_hash,
        result: r.result,
        block_id: r.block_id,
      }),
    );
  });
  if (opts.json) printJson(rows);
  else if (rows.length === 0) printLine('no lookups logged');
  else {
    printLine(
      formatTable(
        ['seq', 'at', 'client', 'kind', 'purpose', 'matter', 'holder hash', 'result', 'block'],
        rows.map((r) => [
          r.seq,
          r.at.slice(0, 19).replace('T', ' '),
          r.client_name ?? r.client_id,
          r.kind,
          r.purpose,
          r.matter_code ?? '',
          r.holder_hash?.slice(0, 12) ?? '',
          JSON.stringify(r.result),
          r.block_id ?? 'unsealed',
        ]),
      ),
    );
  }
  return rows;
}
