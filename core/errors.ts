/**
 * The one catalogue of error codes. Codes are stable and never reused: clients and
 * runbooks match on them. `transient` errors are worth retrying with backoff; `terminal`
 * ones quarantine the record or fail the run. docs/errors.md is kept in step by a test.
 */

export interface ErrorSpec {
  status: number;
  kind: 'transient' | 'terminal';
  message: string;
}

export const ERRORS = {
  HUB_ERR_USAGE: { status: 400, kind: 'terminal', message: 'Bad usage' },
  HUB_ERR_VALIDATION: { status: 400, kind: 'terminal', message: 'Input does not match its schema' },
  HUB_ERR_CONFIG_INVALID: { status: 400, kind: 'terminal', message: 'Configuration file is invalid' },
  HUB_ERR_ENV_MISSING: { status: 400, kind: 'terminal', message: 'A referenced environment variable is not set' },
  HUB_ERR_FILE_NOT_FOUND: { status: 404, kind: 'terminal', message: 'File not found' },
  HUB_ERR_SCHEMA_UNKNOWN: { status: 400, kind: 'terminal', message: 'Unknown schema name' },
  HUB_ERR_PIPELINE_NOT_FOUND: { status: 404, kind: 'terminal', message: 'No pipeline with that name in the workspace' },
  HUB_ERR_CONNECTOR_UNKNOWN: { status: 400, kind: 'terminal', message: 'Unknown connector kind' },
  HUB_ERR_SOURCE_UNREADABLE: { status: 502, kind: 'terminal', message: 'The source cannot be read' },
  HUB_ERR_SOURCE_UNAVAILABLE: { status: 503, kind: 'transient', message: 'The source did not answer; try again' },
  HUB_ERR_SOURCE_HTTP: { status: 502, kind: 'transient', message: 'An HTTP source kept failing after its retries' },
  HUB_ERR_SOURCE_HTTP_REFUSED: { status: 502, kind: 'terminal', message: 'An HTTP source refused the request (a 4xx other than 408 and 429)' },
  HUB_ERR_SOURCE_QUERY_REFUSED: { status: 400, kind: 'terminal', message: 'The source query is not one read-only SELECT or WITH statement' },
  HUB_ERR_SOURCE_TYPE_UNSUPPORTED: { status: 400, kind: 'terminal', message: 'A source column has a type the hub cannot take in' },
  HUB_ERR_STORE_BUSY: {
    status: 503,
    kind: 'transient',
    message: 'another ecert process is using .ecert/; stop it or use Postgres',
  },
  HUB_ERR_DB_UNAVAILABLE: { status: 503, kind: 'transient', message: 'The catalogue database is not reachable' },
  HUB_ERR_MIGRATION_FAILED: { status: 500, kind: 'terminal', message: 'A catalogue migration failed' },
  HUB_ERR_SCHEMA_OUTDATED: { status: 503, kind: 'terminal', message: 'The catalogue schema is behind this version of ecert; run `ecert db migrate`' },
  HUB_ERR_PIPELINE_STEP: { status: 500, kind: 'terminal', message: 'A pipeline step failed' },
  HUB_ERR_INVALID_RECORD: { status: 400, kind: 'terminal', message: 'A record is invalid and the pipeline is set to fail on invalid records' },
  HUB_ERR_ERROR_BUDGET: { status: 400, kind: 'terminal', message: 'Too many invalid records: the error budget (max_invalid) is exceeded' },
  HUB_ERR_SNAPSHOT_SHRANK: {
    status: 409,
    kind: 'terminal',
    message: 'A replace snapshot is empty or would cancel more certificates than max_cancel allows; nothing was cancelled',
  },
  HUB_ERR_ACCOUNTING: { status: 500, kind: 'terminal', message: 'Run counts do not add up: read ≠ inserted + updated + unchanged + duplicates + quarantined' },
  HUB_ERR_RUN_OVERLAP: { status: 409, kind: 'transient', message: 'A run of this pipeline is already in progress' },
  HUB_ERR_PIPELINE_BUSY: { status: 409, kind: 'transient', message: 'Another process is running this pipeline' },
  HUB_ERR_RUN_INTERRUPTED: { status: 503, kind: 'transient', message: 'The run was stopped before it finished; committed batches stay loaded' },
  HUB_ERR_NOT_FOUND: { status: 404, kind: 'terminal', message: 'Not found' },
  HUB_ERR_UNAUTHORIZED: { status: 401, kind: 'terminal', message: 'Missing, unknown or revoked API key' },
  HUB_ERR_FORBIDDEN: { status: 403, kind: 'terminal', message: 'The API key lacks the scope this request needs' },
  HUB_ERR_PURPOSE_REQUIRED: { status: 400, kind: 'terminal', message: 'A purpose (查询事由) is required' },
  HUB_ERR_RATE_LIMITED: { status: 429, kind: 'transient', message: 'Too many requests for this client; slow down' },
  HUB_ERR_BODY_TOO_LARGE: { status: 400, kind: 'terminal', message: 'Request body is too large' },
  HUB_ERR_CHAIN_BROKEN: { status: 500, kind: 'terminal', message: 'A hash chain does not verify: data was altered' },
  HUB_ERR_SIGNING_KEY_MISSING: { status: 503, kind: 'terminal', message: 'This hub has no signing key for receipts; run `ecert keys generate`' },
  HUB_ERR_INTERNAL: { status: 500, kind: 'terminal', message: 'Internal error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class HubError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly transient: boolean;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown, options?: { cause?: unknown }) {
    const spec: ErrorSpec = ERRORS[code];
    super(message ?? spec.message, options);
    this.name = 'HubError';
    this.code = code;
    this.status = spec.status;
    this.transient = spec.kind === 'transient';
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isHubError(err: unknown): err is HubError {
  return err instanceof HubError;
}
