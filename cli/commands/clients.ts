import { listClients, revokeClient } from '../../catalog/api-client-repository.ts';
import type { ApiClientRow } from '../../catalog/tables/api-clients.ts';
import { createApiClient, type NewApiClient } from '../../lookups/create-api-client.ts';
import { parseScopes } from '../../lookups/scopes.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { formatTable, printJson, printLine } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

export interface ClientsAddOptions {
  workspace: string;
  scopes: string;
  json?: boolean;
}

/** Registers a window system; its key is printed this once and kept only as a hash. */
export async function clientsAdd(name: string, opts: ClientsAddOptions): Promise<NewApiClient> {
  const scopes = parseScopes(opts.scopes);
  const client = await withCatalog(opts.workspace, (c) => createApiClient(c.db, name, scopes));
  if (opts.json) {
    printJson(client);
  } else {
    printLine(`client "${client.name}" added (id ${client.id})`);
    printLine(`scopes: ${client.scopes.join(', ')}`);
    printLine(`key:    ${client.key}`);
    printLine('Store the key now: it is shown only once and the hub keeps only its hash.');
  }
  return client;
}

export interface ClientView {
  id: string;
  name: string;
  scopes: string[];
  created_at: string;
  revoked_at: string | null;
}

function view(row: ApiClientRow): ClientView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    created_at: row.created_at.toISOString(),
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

/** Active clients (revoked ones too with `all`); keys are never shown, only their owners. */
export async function clientsList(opts: { workspace: string; all?: boolean; json?: boolean }): Promise<ClientView[]> {
  const rows = (await withCatalog(opts.workspace, (c) => listClients(c.db, { includeRevoked: opts.all === true }))).map(view);
  if (opts.json) printJson(rows);
  else if (rows.length === 0) printLine('no API clients: add one with `ecert clients add <name> --scopes certificates:read,checks:run`');
  else {
    printLine(
      formatTable(
        ['name', 'id', 'scopes', 'created', 'revoked'],
        rows.map((r) => [r.name, r.id, r.scopes.join(','), r.created_at.slice(0, 19).replace('T', ' '), r.revoked_at?.slice(0, 19).replace('T', ' ') ?? '']),
      ),
    );
  }
  return rows;
}

/** Revokes a client by id or name; its key stops working at once. */
export async function clientsRevoke(idOrName: string, opts: { workspace: string; json?: boolean }): Promise<void> {
  const revoked = await withCatalog(opts.workspace, (c) => revokeClient(c.db, idOrName));
  if (!revoked) throw new ExitError(EXIT_USAGE, `no active client with id or name "${idOrName}"`);
  if (opts.json) printJson({ revoked: idOrName });
  else printLine(`client "${idOrName}" revoked`);
}
