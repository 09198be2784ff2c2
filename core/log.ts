import pino from 'pino';
import { maskId, maskIdentityNumbers } from './mask-identity-numbers.ts';

/**
 * The fixed set of event names every component emits, so that runs can be followed
 * the same way whatever the connector or stage.
 */
export type LogEvent =
  | 'run_started'
  | 'records_read'
  | 'records_quarantined'
  | 'batch_loaded'
  | 'source_changed'
  | 'rows_ignored'
  | 'source_retry'
  | 'cancel_withheld'
  | 'run_finished'
  | 'schedule_run'
  | 'lookup'
  | 'client_aborted'
  | 'access_denied'
  | 'identities_exported'
  | 'error';

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

interface LogMethod {
  (fields: { event?: LogEvent } & Record<string, unknown>, message?: string): void;
  (message: string): void;
}

/** pino's logger, whose log calls may only name one of the events above. */
export type Logger = Omit<pino.Logger, LogLevel> & Record<LogLevel, LogMethod>;

export { maskId, maskIdentityNumbers } from './mask-identity-numbers.ts';

const PERSONAL_PATHS = [
  'holder_id',
  'holderId',
  'holder_name',
  '*.holder_id',
  '*.holderId',
  '*.holder_name',
  'record.holder_id',
  'record.holder_name',
  'raw',
  '*.raw',
  'payload',
  '*.payload',
  'req.params.holderId',
  'req.body.holder_id',
];

function censor(value: unknown): unknown {
  if (typeof value === 'string') return maskId(value);
  if (value === null || value === undefined) return value;
  return '[redacted]';
}

function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskIdentityNumbers(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskIdentityNumbers(k), maskDeep(v)]));
  }
  return value;
}

// A line without 15 digits in a row (spaced or full-width) nor a percent-escape has no identity number to mask.
const MAY_HOLD_ID = /[0-9\uFF10-\uFF19](?:[ +\-\u3000]?[0-9\uFF10-\uFF19]){14}|%[0-9A-Fa-f]{2}/;

/** One JSON log line with every string in it masked. */
export function maskLine(line: string): string {
  if (!MAY_HOLD_ID.test(line)) return line;
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return maskIdentityNumbers(line);
  }
  return `${JSON.stringify(maskDeep(parsed))}\n`;
}

export interface LoggerOptions {
  level?: string;
  destination?: pino.DestinationStream;
}

/** Logs go to stderr so that `--json` output on stdout stays machine-readable. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.ECERT_LOG_LEVEL ?? 'warn';
  return pino(
    {
      level,
      base: { service: 'ecert-hub' },
      redact: { paths: PERSONAL_PATHS, censor },
      // The last step before a line is written: whatever put a string into it (message, error
      // stack, a nested field, a serializer, a child's bindings), identity numbers in it are masked.
      hooks: { streamWrite: maskLine },
    },
    options.destination ?? pino.destination(2),
  );
}

let root: Logger | undefined;

export function log(): Logger {
  root ??= createLogger();
  return root;
}

/** A child logger per run, so every line carries run_id, pipeline and connector. */
export function runLogger(parent: Logger, fields: { run_id: string; pipeline: string; connector?: string }): Logger {
  return parent.child(fields);
}
