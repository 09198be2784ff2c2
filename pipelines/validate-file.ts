import path from 'node:path';
import type { SourceBatch, SourceRecord } from '../connectors/define-connector.ts';
import { HubError } from '../core/errors.ts';
import { type SchemaName, validators } from '../schemas/ajv.ts';
import { describeSchemaError, relevantErrors } from '../schemas/describe-schema-error.ts';
import { isPlainObject } from '../schemas/normalise/fields.ts';
import type { CertificateType } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { dryRunPipeline } from './dry-run-pipeline.ts';
import { type CanonicalItem, readCanonicalFile } from './read-canonical-file.ts';

interface ValidateError {
  /** JSONL line, array index + 1, or the YAML line of the offending key. */
  line: number;
  /** JSON pointer of the field; empty for the whole record. */
  path: string;
  /** Quarantine reason code for records; invalid_value or parse_error for other schemas and unreadable input. */
  code: string;
  message: string;
}

interface ValidateWarning {
  line: number;
  path: string;
  message: string;
}

interface ValidateReport {
  valid: number;
  invalid: number;
  errors: ValidateError[];
  warnings: ValidateWarning[];
}

interface ValidateFileOptions {
  /** The workspace's certificate types; records of other types are invalid_code. */
  certificateTypes?: CertificateType[];
  today?: Date;
}

/**
 * A file in the canonical format is a pipeline without mapping over a JSONL-like record
 * stream: with the defaults of a pipeline file, so it is judged exactly as a sync of such a
 * department feed would judge it.
 */
function canonicalPipeline(entity: PipelineDefinition['entity'], file: string): PipelineDefinition {
  return {
    name: path.basename(file),
    entity,
    source: { connector: 'jsonl', path: file },
    defaults: {},
    mapping: undefined,
    incremental: undefined,
    write_disposition: 'merge',
    on_invalid: 'quarantine',
    max_invalid: undefined,
    max_cancel: { percent: 10 },
    priority: 0,
    schedule: undefined,
    timezone: 'Asia/Shanghai',
    retries: 0,
    identifier_check: 'strict',
    status_map: undefined,
    value_maps: undefined,
    require_valid_until: false,
    file,
  };
}

function sourceRecord(item: CanonicalItem): SourceRecord {
  if (item.parseError !== undefined) return { line: item.line, error: item.parseError };
  if (isPlainObject(item.value)) return { line: item.line, data: item.value };
  const kind = Array.isArray(item.value) ? 'an array' : item.value === null ? 'null' : typeof item.value;
  return { line: item.line, error: `expected a JSON object, got ${kind}` };
}

async function* oneBatch(records: SourceRecord[]): AsyncGenerator<SourceBatch> {
  yield { records, position: null, fingerprint: null };
}

async function checkRecords(file: string, entity: PipelineDefinition['entity'], items: CanonicalItem[], options: ValidateFileOptions): Promise<ValidateReport> {
  const records = items.map(sourceRecord);
  const result = await dryRunPipeline(canonicalPipeline(entity, file), {
    workspace: path.dirname(file),
    batchSize: Math.max(records.length, 1),
    certificateTypes: options.certificateTypes ?? [],
    batches: oneBatch(records),
    ...(options.today ? { today: options.today } : {}),
  });
  if (result.error) throw new HubError('HUB_ERR_INTERNAL', result.error.message);
  const byLine = new Map(items.map((i) => [i.line, i]));
  const lineAt = (line: number, pointer: string): number => byLine.get(line)?.lineOf?.(pointer) ?? line;
  return {
    // A second record with the same natural key is valid too: it only replaces the first.
    valid: result.valid + result.duplicates,
    invalid: result.quarantined,
    errors: result.quarantine.map((q) => ({ line: lineAt(q.line, q.path), path: q.path, code: q.reason, message: q.message })),
    warnings: result.warnings.map((w) => ({ line: lineAt(w.line, w.path), path: w.path, message: w.message })),
  };
}

function checkDocuments(schema: Exclude<SchemaName, 'certificate' | 'matter'>, items: CanonicalItem[]): ValidateReport {
  const report: ValidateReport = { valid: 0, invalid: 0, errors: [], warnings: [] };
  const check = validators[schema];
  for (const item of items) {
    if (item.parseError !== undefined) {
      report.invalid++;
      report.errors.push({ line: item.line, path: '', code: 'parse_error', message: item.parseError });
    } else if (check(item.value)) {
      report.valid++;
    } else {
      report.invalid++;
      for (const err of relevantErrors(check.errors)) {
        const { pointer, message } = describeSchemaError(schema, err);
        report.errors.push({ line: item.lineOf?.(pointer) ?? item.line, path: pointer, code: 'invalid_value', message });
      }
    }
  }
  return report;
}

/**
 * Checks every item of a file in the canonical format against a schema. Certificates and
 * matters go through the sync's own record path (map → normalise → validate → dedupe); other
 * documents (pipeline files, certificate types) through their schema. Reading problems are
 * reported per line, never thrown.
 */
export async function validateFile(file: string, schema: SchemaName, options: ValidateFileOptions = {}): Promise<ValidateReport> {
  const items = readCanonicalFile(file);
  if (schema === 'certificate' || schema === 'matter') return checkRecords(file, schema, items, options);
  return checkDocuments(schema, items);
}
