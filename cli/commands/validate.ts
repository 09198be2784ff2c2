import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { loadWorkspaceSettings } from '../../core/config.ts';
import { HubError } from '../../core/errors.ts';
import { isSchemaName, schemaNames, validators, type SchemaName } from '../../schemas/ajv.ts';
import { describeSchemaError, relevantErrors } from '../../schemas/describe-schema-error.ts';
import { isPlainObject } from '../../schemas/normalise/fields.ts';
import { normaliseCertificate } from '../../schemas/normalise/certificate.ts';
import { normaliseMatter } from '../../schemas/normalise/matter.ts';
import type { CertificateType } from '../../schemas/types.ts';
import { validateCertificate, validateMatter, type ValidationResult } from '../../schemas/validate-record.ts';
import { EXIT_FAILED, ExitError } from '../exit-error.ts';

export interface ValidateOptions {
  schema: string;
  json?: boolean;
  /** Workspace whose ecert.yaml lists the certificate types; records of other types are invalid_code. */
  workspace?: string;
  today?: Date;
}

export interface ValidateError {
  /** JSONL line, array index + 1, or the YAML line of the offending key. */
  line: number;
  /** JSON pointer of the field; empty for the whole record. */
  path: string;
  /** Quarantine reason code for records; invalid_value or parse_error for pipelines and unreadable input. */
  code: string;
  message: string;
}

export interface ValidateWarning {
  line: number;
  path: string;
  message: string;
}

export interface ValidateReport {
  valid: number;
  invalid: number;
  errors: ValidateError[];
  warnings: ValidateWarning[];
}

/** One item read from the file; `lineOf` finds the source line of a JSON pointer inside it when the format can tell. */
interface Item {
  line: number;
  value?: unknown;
  parseError?: string;
  lineOf?: (pointer: string) => number | undefined;
}

function positionLine(text: string, message: string): number {
  const m = /position (\d+)/.exec(message);
  return m ? text.slice(0, Number(m[1])).split('\n').length : 1;
}

function jsonlItems(text: string): Item[] {
  const items: Item[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      items.push({ line: i + 1, value: JSON.parse(raw) as unknown });
    } catch (err) {
      items.push({ line: i + 1, parseError: `not valid JSON: ${(err as Error).message}` });
    }
  });
  return items;
}

/** A document holding one record (line 1) or an array of records (index + 1). */
function documentItems(value: unknown, lineOf?: Item['lineOf']): Item[] {
  if (Array.isArray(value)) return value.map((v, i) => ({ line: i + 1, value: v }));
  return [lineOf ? { line: 1, value, lineOf } : { line: 1, value }];
}

function yamlItems(text: string): Item[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({ line: e.linePos?.[0]?.line ?? 1, parseError: `not valid YAML: ${e.message}` }));
  }
  const lineOf = (pointer: string): number | undefined => {
    const keys = pointer.split('/').slice(1).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    for (let n = keys.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
    return undefined;
  };
  return documentItems(doc.toJS() as unknown, lineOf);
}

/** JSON (one object or an array), JSONL, or YAML, by extension; an unknown extension is tried as JSON, then JSONL. */
function readItems(file: string, text: string): Item[] {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return jsonlItems(text);
  if (ext === '.yaml' || ext === '.yml') return yamlItems(text);
  try {
    return documentItems(JSON.parse(text) as unknown);
  } catch (err) {
    if (ext === '.json') return [{ line: positionLine(text, (err as Error).message), parseError: `not valid JSON: ${(err as Error).message}` }];
    return jsonlItems(text);
  }
}

function recordResult(
  schema: 'certificate' | 'matter',
  value: unknown,
  certificateTypes: readonly CertificateType[],
  today: Date,
): ValidationResult<unknown> {
  if (schema === 'certificate') {
    const record = isPlainObject(value) ? normaliseCertificate(value, { today, certificateTypes }) : value;
    return validateCertificate(record, { today, certificateTypes });
  }
  const record = isPlainObject(value) ? normaliseMatter(value) : value;
  return validateMatter(record, { today, certificateTypes });
}

/** Normalises and validates every record of a file; reading problems are reported per line, never thrown. */
export function validateFile(file: string, schema: SchemaName, options: { certificateTypes?: readonly CertificateType[]; today?: Date } = {}): ValidateReport {
  const report: ValidateReport = { valid: 0, invalid: 0, errors: [], warnings: [] };
  const today = options.today ?? new Date();
  const certificateTypes = options.certificateTypes ?? [];
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  for (const item of readItems(file, text)) {
    if (item.parseError !== undefined) {
      report.invalid++;
      report.errors.push({ line: item.line, path: '', code: 'parse_error', message: item.parseError });
      continue;
    }
    const lineAt = (pointer: string): number => item.lineOf?.(pointer) ?? item.line;
    if (schema === 'certificate' || schema === 'matter') {
      const r = recordResult(schema, item.value, certificateTypes, today);
      if (r.ok) {
        report.valid++;
        for (const w of r.warnings) report.warnings.push({ line: lineAt(w.path), path: w.path, message: w.message });
      } else {
        report.invalid++;
        report.errors.push({ line: lineAt(r.path), path: r.path, code: r.reason, message: r.message });
      }
      continue;
    }
    const check = validators[schema];
    if (check(item.value)) {
      report.valid++;
      continue;
    }
    report.invalid++;
    for (const err of relevantErrors(check.errors)) {
      const { pointer, message } = describeSchemaError(schema, err);
      report.errors.push({ line: lineAt(pointer), path: pointer, code: 'invalid_value', message });
    }
  }
  return report;
}

/** `ecert validate --schema <name> <file>`: exit 0 when every record is valid, 1 otherwise. */
export async function validate(file: string, opts: ValidateOptions): Promise<void> {
  if (!isSchemaName(opts.schema)) {
    throw new HubError('HUB_ERR_SCHEMA_UNKNOWN', `unknown schema "${opts.schema}"; use one of ${schemaNames.join(', ')}`);
  }
  if (!existsSync(file) || !statSync(file).isFile()) throw new HubError('HUB_ERR_FILE_NOT_FOUND', `no file at ${file}`);
  const settings = loadWorkspaceSettings(path.resolve(opts.workspace ?? '.'));
  const report = validateFile(file, opts.schema, { certificateTypes: settings.certificate_types, today: opts.today });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const e of report.errors) process.stdout.write(`${file}:${e.line}\t${e.path || '-'}\t${e.code}\t${e.message}\n`);
    for (const w of report.warnings) process.stdout.write(`${file}:${w.line}\t${w.path || '-'}\twarning\t${w.message}\n`);
    process.stdout.write(`${report.valid} valid, ${report.invalid} invalid (${opts.schema})\n`);
  }
  if (report.invalid > 0) throw new ExitError(EXIT_FAILED);
}
