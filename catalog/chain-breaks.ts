export type ChainTable = 'certificates' | 'certificate_versions' | 'certificate_seal_blocks' | 'lookup_log' | 'lookup_log_blocks';

/** One broken link: where (table, key, column) and what was expected against what is there. */
export interface ChainBreak {
  table: ChainTable;
  /** The row's key: natural key and version for certificates, seq or block id for the others. */
  key: Record<string, string | number>;
  column?: string;
  reason: string;
  expected?: string | null;
  found?: string | null;
}

/** Collects breaks: every one is counted, the first `max` are kept. */
export class ChainBreaks {
  readonly listed: ChainBreak[] = [];
  count = 0;

  constructor(private readonly max: number) {}

  add(found: ChainBreak): void {
    this.count++;
    if (this.listed.length < this.max) this.listed.push(found);
  }
}

export function certificateKey(row: { cert_type_code: string; issuer_code: string; cert_number: string }, version?: number): Record<string, string | number> {
  const key: Record<string, string | number> = { cert_type_code: row.cert_type_code, issuer_code: row.issuer_code, cert_number: row.cert_number };
  if (version !== undefined) key.version = version;
  return key;
}

export function instantText(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
