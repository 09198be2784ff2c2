import type { Logger } from '../core/log.ts';
import type { SyncState } from '../core/sync-state.ts';

/**
 * One record as read from a source. A row the connector cannot read (bad JSON, wrong column
 * count, undecodable bytes) still comes through, with `error` set and the raw `text`, so that it
 * is quarantined as `parse_error` and never dropped.
 */
export interface SourceRecord {
  /** 1-based line (or row) number in the source, for messages. */
  line: number;
  /** Source fields by column name / JSON key; absent when `error` is set. */
  data?: Record<string, unknown>;
  /** The raw text of an unreadable row. */
  text?: string;
  error?: string;
}

export interface SourceBatch {
  records: SourceRecord[];
  /** Where the next read resumes: stored in sync_state in the same transaction as the batch. */
  position: unknown;
  /** What the source looked like when this batch was read (a file's size and head hash, a query): stored with the position. */
  fingerprint: string | null;
}

export interface ConnectorContext {
  logger: Logger;
  batchSize: number;
  /** Relative source paths resolve against the workspace. */
  workspace: string;
  /**
   * The pipeline's incremental cursor, for sources that can filter at the source
   * (`WHERE (cols) > floor - lag`): column names as the source names them, and the lag
   * window as written in the pipeline (`10m`). The runner filters what comes back either way.
   */
  incremental?: { cursor: string[]; lag: string | undefined };
  signal?: AbortSignal;
  /**
   * The source columns the pipeline maps (top-level names), and those holding the natural key
   * (e.g. the column mapped to cert_number): table sources use them to find their header and
   * to tell a footer from data.
   */
  columns?: { mapped: string[]; key: string[] };
}

export interface CheckResult {
  ok: boolean;
  message: string;
  /** Column names (or top-level keys) seen in the first records. */
  columns?: string[];
}

export interface Connector<C = Record<string, unknown>> {
  kind: string;
  /** JSON Schema of the pipeline's `source:` block for this connector. */
  configSchema: object;
  /**
   * Reads the source from `state.position` (null: from the start) when `state.fingerprint` says it
   * is the same source, else from the start. `state.floor` is there for sources that can push
   * the incremental filter down; the runner filters what comes back either way.
   */
  read(config: C, state: SyncState, ctx: ConnectorContext): AsyncIterable<SourceBatch>;
  check?(config: C, ctx: ConnectorContext): Promise<CheckResult>;
}

export function defineConnector<C>(connector: Connector<C>): Connector<C> {
  return connector;
}
