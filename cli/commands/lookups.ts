import { listClients } from '../../catalog/api-client-repository.ts';
import { holderHash, readLookups } from '../../catalog/lookup-log.ts';
import { resolveHolderHashKey } from '../../lookups/holder-hash-key.ts';
import { normaliseHolderQuery } from '../../lookups/holder-id.ts';
import type { LookupLogRow } from '../../catalog/tables/lookup-log.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { formatLocalTime, localTimeZone } from '../format-time.ts';
import { parseSince } from '../parse-since.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

export interface LookupsOptions {
  workspace: string;
  /** Client id or name (`cli` for command-line lookups). */
  client?: string;
  /** An ISO date or time, or a duration back from now (`2h`, `7d`). */
  since?: string;
  /** A holder id in any written form: normalised and hashed with the log's key, never stored or printed. */
  holder?: string;
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
  /** 经办人 and 办件编号 of a check, when the caller gave them. */
  operator: string | null;
  case_no: string | null;
  result: unknown;
  block_id: number | null;
}

/**
 * The lookup log, newest first: who asked, why, and a summary of the answer (holder ids only as
 * keyed hashes). `holder` is normalised as the API normalises it and hashed with the same key, so
 * an auditor finds a person's or company's lookups while the log still holds no raw id.
 */
export async function lookups(opts: LookupsOptions): Promise<LookupView[]> {
  const since = opts.since === undefined ? undefined : parseSince(opts.since);
  const limit = opts.limit ?? 100;
  if (!Number.isInteger(limit) || limit <= 0) throw new ExitError(EXIT_USAGE, '--limit must be a positive whole number');
  const holder = opts.holder === undefined ? undefined : normaliseHolderQuery(opts.holder, '--holder').id;
  const rows = await withCatalog(opts.workspace, async (c, config) => {
    const clients = await listClients(c.db, { includeRevoked: true });
    const names = new Map(clients.map((cl) => [cl.id, cl.name]));
    const clientId = opts.client === undefined ? undefined : (clients.find((cl) => cl.name === opts.client)?.id ?? opts.client);
    const hash = holder === undefined ? undefined : holderHash(resolveHolderHashKey(config), holder);
    const found = await readLookups(c.db, { clientId, since, holderHash: hash, limit, newestFirst: true });
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
        operator: r.operator,
        case_no: r.case_no,
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
        ['seq', `at (${localTimeZone()})`, 'client', 'kind', 'purpose', '经办人 operator', '办件编号 case', 'matter', 'holder hash', 'result', 'block'],
        rows.map((r) => [
          r.seq,
          formatLocalTime(new Date(r.at)),
          r.client_name ?? r.client_id,
          r.kind,
          r.purpose,
          r.operator ?? '',
          r.case_no ?? '',
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
