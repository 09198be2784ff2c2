import type { ConnectorContext } from '../connectors/define-connector.ts';
import type { Logger } from '../core/log.ts';
import type { PipelineDefinition } from './definition.ts';

/** What a connector is told when it reads a pipeline's source: the same for a sync, a dry run and check-source. */
export function connectorContext(pipeline: PipelineDefinition, opts: { logger: Logger; batchSize: number; workspace: string }): ConnectorContext {
  return {
    logger: opts.logger,
    batchSize: opts.batchSize,
    workspace: opts.workspace,
    ...(pipeline.incremental ? { incremental: pipeline.incremental } : {}),
  };
}
