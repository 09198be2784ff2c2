import type { Kysely } from 'kysely';
import type { Database } from '../catalog/database.ts';
import { DEFAULT_BATCH_SIZE } from '../core/config.ts';
import { createLogger } from '../core/log.ts';
import type { PipelineDefinition } from '../pipelines/definition.ts';
import { type RunResult, runPipeline } from '../pipelines/run-pipeline.ts';
import type { CertificateType } from '../schemas/types.ts';

/** One sync of `definition` as `ecert sync` runs it (batches of the default size), without logs; timed. */
export async function timedSync(
  db: Kysely<Database>,
  definition: PipelineDefinition,
  options: { workspace: string; certificateTypes: CertificateType[]; today: Date },
): Promise<{ result: RunResult; seconds: number }> {
  const started = performance.now();
  const result = await runPipeline(definition, { db, ...options, batchSize: DEFAULT_BATCH_SIZE, logger: createLogger({ level: 'silent' }) });
  return { result, seconds: (performance.now() - started) / 1000 };
}
