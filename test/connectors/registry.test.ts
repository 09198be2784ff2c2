import { describe, expect, it } from 'vitest';
import { connectorKinds, getConnector } from '../../connectors/index.ts';

describe('connector registry', () => {
  it('lists the file connectors', () => {
    expect(connectorKinds).toEqual(expect.arrayContaining(['csv', 'xlsx', 'jsonl']));
    for (const kind of connectorKinds) expect(getConnector(kind).kind).toBe(kind);
  });

  it('names the known kinds when a kind is unknown', () => {
    expect(() => getConnector('excel')).toThrow(expect.objectContaining({ code: 'HUB_ERR_CONNECTOR_UNKNOWN' }));
    expect(() => getConnector('excel')).toThrow(/unknown connector "excel"; known connectors: csv, xlsx, jsonl/);
    expect(() => getConnector('toString')).toThrow(expect.objectContaining({ code: 'HUB_ERR_CONNECTOR_UNKNOWN' }));
  });
});
