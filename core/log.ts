import pino from 'pino';

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
  | 'source_retry'
  | 'cancel_withheld'
  | 'run_finished'
  | 'schedule_run'
  | 'lookup'
  | 'identities_exported'
  | 'error';

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

interface LogMethod {
  (fields: { event?: LogEvent } & Record<string, unknown>, message?: string): void;
  (message: string): void;
}

/** pino's logger, whose log calls may only name one of the events above. */
export type Logger = Omit<pino.Logger, LogLevel> & Record<LogLevel, LogMethod>;

/** Identity numbers keep their first 6 and last 4 characters: enough to tell rows apart, not to identify anyone. */
export function maskId(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

// 18-digit resident ids (last may be X) and legacy 15-digit ones, not inside longer digit runs.
const IDENTITY_NUMBER = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

export function maskIdentityNumbers(text: string): string {
  return text.replace(IDENTITY_NUMBER, (m) => maskId(m));
}

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
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskIdentityNumbers(a) : a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
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
