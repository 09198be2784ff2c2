import type { CertStatus } from '../schemas/types.ts';
import type { ValueMaps } from './steps/value-maps.ts';

export type Entity = 'certificate' | 'matter';
export type WriteDisposition = 'merge' | 'replace' | 'append';

export interface SourceConfig {
  connector: string;
  [key: string]: unknown;
}

/** A whole number, or a percentage of a total. */
export type Budget = { count: number } | { percent: number };

/** A pipeline as declared in `pipelines/<name>.yaml`, after validation and defaults. */
export interface PipelineDefinition {
  name: string;
  entity: Entity;
  source: SourceConfig;
  defaults: Record<string, unknown>;
  /** canonical field → source column (or dotted path into JSON records). */
  mapping: Record<string, string> | undefined;
  incremental: { cursor: string[]; lag: string | undefined } | undefined;
  write_disposition: WriteDisposition;
  on_invalid: 'quarantine' | 'fail';
  /** Whole number of records, or a percentage of the records read so far. */
  max_invalid: Budget | undefined;
  /** How many certificates one replace snapshot may cancel: a count, or a percentage of the pipeline's certificates. */
  max_cancel: Budget;
  priority: number;
  schedule: string | undefined;
  /** IANA time zone the schedule is read in. */
  timezone: string;
  /** How often `ecert schedule` retries a failed scheduled run. */
  retries: number;
  identifier_check: 'strict' | 'warn';
  status_map: Record<string, CertStatus> | undefined;
  /**
   * canonical field → (lookup key of a source name → code), CSV tables already read, so the
   * definition holds every entry it applies.
   */
  value_maps: ValueMaps | undefined;
  /** An empty valid_until is missing_field instead of long-term (长期 must then be written out). */
  require_valid_until: boolean;
  /** The YAML file it came from, for messages. */
  file: string;
}

export interface DefinitionProblem {
  file: string;
  line: number | undefined;
  /** Dotted path of the field, e.g. `source.encoding`; empty for the whole file. */
  path: string;
  message: string;
}
