import { HubError } from '../core/errors.ts';
import csv from './csv/index.ts';
import type { Connector } from './define-connector.ts';
import http from './http/index.ts';
import jsonl from './jsonl/index.ts';
import sql from './sql/index.ts';
import xlsx from './xlsx/index.ts';

// The one list of connectors: a new kind is a folder plus one line here.
const connectors: ReadonlyMap<string, Connector> = new Map<string, Connector>([csv, xlsx, jsonl, http, sql].map((c) => [c.kind, c]));

export const connectorKinds: readonly string[] = [...connectors.keys()];

export function getConnector(kind: string): Connector {
  const connector = connectors.get(kind);
  if (!connector) {
    throw new HubError('HUB_ERR_CONNECTOR_UNKNOWN', `unknown connector "${kind}"; known connectors: ${connectorKinds.join(', ')}`, {
      kind,
      known: connectorKinds,
    });
  }
  return connector;
}
