import type { ApiClientsTable } from './tables/api-clients.ts';
import type { CertificateTypesTable } from './tables/certificate-types.ts';
import type { CertificateSealBlocksTable, CertificateSealsTable } from './tables/certificate-seals.ts';
import type { CertificatesTable, CertificateVersionsTable } from './tables/certificates.ts';
import type { ChainEventsTable } from './tables/chain-events.ts';
import type { LookupLogBlocksTable, LookupLogTable } from './tables/lookup-log.ts';
import type { MatterMaterialsTable, MattersTable } from './tables/matters.ts';
import type { QuarantineTable } from './tables/quarantine.ts';
import type { RunDuplicatesTable } from './tables/run-duplicates.ts';
import type { SigningKeysTable } from './tables/signing-keys.ts';
import type { RunsTable } from './tables/runs.ts';
import type { SyncStateTable } from './tables/sync-state.ts';

/** Every catalogue table, as kysely sees it; each table's interface and row types live in catalog/tables/. */
export interface Database {
  certificate_types: CertificateTypesTable;
  certificates: CertificatesTable;
  certificate_versions: CertificateVersionsTable;
  matters: MattersTable;
  matter_materials: MatterMaterialsTable;
  runs: RunsTable;
  run_duplicates: RunDuplicatesTable;
  sync_state: SyncStateTable;
  quarantine: QuarantineTable;
  api_clients: ApiClientsTable;
  lookup_log: LookupLogTable;
  lookup_log_blocks: LookupLogBlocksTable;
  signing_keys: SigningKeysTable;
  certificate_seal_blocks: CertificateSealBlocksTable;
  certificate_seals: CertificateSealsTable;
  chain_events: ChainEventsTable;
}
