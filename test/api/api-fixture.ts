import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { build, type BuildOptions } from '../../api/build.ts';
import { upsertCertificateTypes } from '../../catalog/certificate-type-repository.ts';
import type { Database } from '../../catalog/database.ts';
import { loadWorkspaceSettings } from '../../core/config.ts';
import { createApiClient } from '../../lookups/create-api-client.ts';
import type { Scope } from '../../lookups/scopes.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { syncPipelines } from '../../pipelines/sync-pipelines.ts';
import { copyWorkspace, FIXTURES } from '../pipelines/workspace-copy.ts';

/** The fixture's dates are judged against this day. */
export const TODAY = new Date('2026-11-23T12:00:00+08:00');
export const HASH_KEY = 'test-holder-hash-key-0123456789';

export interface Truth {
  holders: { query: string; holder_id: string; certificates: number; person?: boolean }[];
  examples: { valid: string; expired: string; revoked: string; missing: string };
  matters: [string, string];
}

export const truth = JSON.parse(readFileSync(path.join(FIXTURES, 'dirty-workspace', 'truth.json'), 'utf8')) as Truth;

/** A copy of the dirty workspace (or `workspace`), synced into `db` by the pipeline engine the way `ecert sync --all` does. */
export async function syncDirtyWorkspace(db: Kysely<Database>, workspace = copyWorkspace('dirty-workspace')): Promise<string> {
  const defs = loadDefinitions(path.join(workspace, 'pipelines'));
  if (defs.errors.length > 0) throw new Error(`fixture pipelines do not load: ${JSON.stringify(defs.errors)}`);
  const certificateTypes = loadWorkspaceSettings(workspace).certificate_types;
  await upsertCertificateTypes(db, certificateTypes);
  const reports = await syncPipelines(db, defs.pipelines, { workspace, batchSize: 5000, certificateTypes, today: TODAY });
  const failed = reports.filter((r) => r.status !== 'succeeded');
  if (failed.length > 0) throw new Error(`fixture sync failed: ${JSON.stringify(failed)}`);
  return workspace;
}

export async function addKey(db: Kysely<Database>, name: string, scopes: Scope[]): Promise<string> {
  return (await createApiClient(db, name, scopes)).key;
}

export function buildApp(db: Kysely<Database>, options: Partial<BuildOptions> = {}): Promise<FastifyInstance> {
  return build({ db, holderHashKey: HASH_KEY, today: () => TODAY, ...options });
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
