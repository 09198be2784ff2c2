import path from 'node:path';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { upsertCertificateTypes } from '../../catalog/certificate-type-repository.ts';
import type { Database } from '../../catalog/database.ts';
import { loadWorkspaceSettings } from '../../core/config.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { syncPipelines, type SyncReport } from '../../pipelines/sync-pipelines.ts';

/** Syncs every pipeline of a workspace into the catalogue, as `ecert sync --all` does. */
export async function syncWorkspace(db: Kysely<Database>, workspace: string, today: Date, batchSize = 5000): Promise<SyncReport[]> {
  const defs = loadDefinitions(path.join(workspace, 'pipelines'));
  expect(defs.errors).toEqual([]);
  const types = loadWorkspaceSettings(workspace).certificate_types;
  await upsertCertificateTypes(db, types);
  return syncPipelines(db, defs.pipelines, { workspace, batchSize, certificateTypes: types, today });
}
