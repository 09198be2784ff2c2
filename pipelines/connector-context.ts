import { KEY_FIELDS } from '../catalog/natural-key.ts';
import type { ConnectorContext } from '../connectors/define-connector.ts';
import type { Logger } from '../core/log.ts';
import type { PipelineDefinition } from './definition.ts';

/**
 * The source columns a pipeline reads, top-level names only: all it maps, and those holding its
 * natural key. Without a mapping the records are canonical, so the key fields are the columns —
 * less those every record takes from `defaults`.
 */
function sourceColumns(pipeline: PipelineDefinition): { mapped: string[]; key: string[] } {
  const keyFields: readonly string[] = KEY_FIELDS[pipeline.entity];
  const column = (path: string) => path.split('.')[0]!;
  if (!pipeline.mapping) return { mapped: [], key: keyFields.filter((f) => !(f in pipeline.defaults)) };
  const mapping = pipeline.mapping;
  return {
    mapped: [...new Set(Object.values(mapping).map(column))],
    key: keyFields.flatMap((f) => (mapping[f] === undefined ? [] : [column(mapping[f])])),
  };
}

/** What a connector is told when it reads a pipeline's source: the same for a sync, a dry run and check-source. */
export function connectorContext(pipeline: PipelineDefinition, opts: { logger: Logger; batchSize: number; workspace: string }): ConnectorContext {
  return {
    logger: opts.logger,
    batchSize: opts.batchSize,
    workspace: opts.workspace,
    columns: sourceColumns(pipeline),
    ...(pipeline.incremental ? { incremental: pipeline.incremental } : {}),
  };
}
