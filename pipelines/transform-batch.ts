import certificateSchema from '../schemas/certificate.schema.json' with { type: 'json' };
import matterSchema from '../schemas/matter.schema.json' with { type: 'json' };
import { canonicalJson } from '../catalog/canonical-json.ts';
import { keyOf, naturalKeyOf, type NaturalKey, readCertificateKey } from '../catalog/natural-key.ts';
import type { SourceRecord } from '../connectors/define-connector.ts';
import { HubError } from '../core/errors.ts';
import { normaliseCertificate } from '../schemas/normalise/certificate.ts';
import { normaliseMatter } from '../schemas/normalise/matter.ts';
import type { Certificate, CertificateType, Matter, QuarantineReason } from '../schemas/types.ts';
import { type RecordWarning, validateCertificate, validateMatter } from '../schemas/validate-record.ts';
import type { PipelineDefinition } from './definition.ts';
import { findControlCharacter, storable } from './steps/control-characters.ts';
import { dedupeBatch, type DuplicateReason } from './steps/dedupe.ts';
import { closestHeader } from './closest-header.ts';
import { mapRecord } from './steps/map.ts';
import { applyValueMaps, type ValueMapMiss } from './steps/value-maps.ts';
import { fieldLabel } from '../schemas/field-label.ts';

export interface QuarantineItem {
  line: number;
  raw: unknown;
  reason: QuarantineReason;
  path: string;
  message: string;
  details?: unknown;
  /** A certificate's natural key, when its three fields could be read despite the defect. */
  key?: NaturalKey;
  /** The natural key its quarantine row stores (see naturalKeyOf): null when unknown or when the bad field is part of it. */
  naturalKey: string | null;
  /** The source's column names in header order, for giving the record back in the department's own layout. */
  columns?: string[];
}

/** A record dropped by dedupe whose content differs from the record kept for its natural key. */
export interface ConflictItem {
  line: number;
  keptLine: number;
  naturalKey: string;
  reason: DuplicateReason;
}

/** A record that loads with a remark, e.g. a check character waived by `identifier_check: warn`. */
export interface WarningItem {
  line: number;
  path: string;
  message: string;
}

export interface TransformContext {
  today: Date;
  certificateTypes: CertificateType[];
}

export interface TransformedBatch<T> {
  records: T[];
  /** For each record, its position in the source records given to transformBatch. */
  sources: number[];
  quarantine: QuarantineItem[];
  duplicates: number;
  /** The duplicates that differ from the record kept: each a trace of which line lost and why. */
  conflicts: ConflictItem[];
  warnings: WarningItem[];
}

const CERTIFICATE_FIELDS: ReadonlySet<string> = new Set(Object.keys(certificateSchema.properties));
const MATTER_FIELDS: ReadonlySet<string> = new Set(Object.keys(matterSchema.properties));

/** The raw payload kept with a quarantined record: what the department sent, for sending back. */
function rawOf(r: SourceRecord): unknown {
  return storable(r.data ?? { text: r.text ?? '' });
}

/** Where a record sits in the source, for messages: `./data/x.csv line 3`, or `record 3` when the source is no file. */
function placeOf(pipeline: PipelineDefinition, line: number): string {
  const unit = pipeline.source.connector === 'xlsx' ? 'row' : 'line';
  return typeof pipeline.source.path === 'string' ? `${pipeline.source.path} ${unit} ${line}` : `record ${line}`;
}

/** A record holding a control character is unreadable as sent: parse_error, naming the field. */
function controlCharacterItem(pipeline: PipelineDefinition, r: SourceRecord, data: Record<string, unknown>): QuarantineItem | undefined {
  const hit = findControlCharacter(data);
  if (!hit) return undefined;
  return {
    line: r.line,
    raw: rawOf(r),
    reason: 'parse_error',
    path: storable(hit.path),
    message: storable(`${placeOf(pipeline, r.line)}: field ${hit.field} holds control character ${hit.code} at character ${hit.at}`),
    details: { field: storable(hit.field), character: hit.code, at: hit.at },
    naturalKey: null,
    columns: Object.keys(data).map(storable),
  };
}

/** A name the field's value map lacks: invalid_code, naming the department's column and the value it holds. */
function valueMapItem(pipeline: PipelineDefinition, r: SourceRecord, data: Record<string, unknown>, normalised: Record<string, unknown>, miss: ValueMapMiss): QuarantineItem {
  const pointer = `/${miss.field}`;
  const column = pipeline.mapping?.[miss.field];
  const named = column ?? fieldLabel(pipeline.entity, pointer);
  const table = `value_maps.${miss.field}`;
  return {
    line: r.line,
    raw: rawOf(r),
    reason: 'invalid_code',
    path: pointer,
    message: storable(`${named} ${miss.value} has no entry in ${table}`),
    details: { reason: 'value_map', value: storable(miss.value), map: table },
    naturalKey: naturalKeyOf(pipeline.entity, normalised, pointer),
    columns: Object.keys(data),
  };
}

function failOnInvalid(pipeline: PipelineDefinition, q: QuarantineItem): never {
  throw new HubError(
    'HUB_ERR_INVALID_RECORD',
    `${pipeline.file}: record at line ${q.line}: ${q.path ? `${q.path}: ` : ''}${q.message} (${q.reason}); on_invalid is "fail"`,
    { line: q.line, path: q.path, reason: q.reason },
  );
}

const suggestions = new Map<string, string | undefined>();

/**
 * When a required field is empty because the source has no column of the mapped name at all, the
 * mapping is wrong, not the record: say so, with the closest header the source does have.
 */
function absentColumn(
  pipeline: PipelineDefinition,
  data: Record<string, unknown>,
  pointer: string,
): { words: string; details: { reason: 'no_column'; column: string; suggestion?: string } } | undefined {
  const column = pipeline.mapping?.[pointer.split('/')[1] ?? ''];
  if (column === undefined || column.includes('.') || Object.hasOwn(data, column)) return undefined;
  const headers = Object.keys(data);
  const key = `${column}\u0000${headers.join('\u0000')}`;
  if (!suggestions.has(key)) {
    // Headers are the same for every record of a file: one search per file, not per record.
    if (suggestions.size > 1000) suggestions.clear();
    suggestions.set(key, closestHeader(column, headers));
  }
  const suggestion = suggestions.get(key);
  const words = `the source has no column "${column}"${suggestion === undefined ? '' : `: did you mean "${suggestion}"?`}`;
  return { words: storable(words), details: suggestion === undefined ? { reason: 'no_column', column } : { reason: 'no_column', column, suggestion } };
}

/** map → value maps → normalise → validate for one readable record. */
function judgeRecord(
  pipeline: PipelineDefinition,
  r: SourceRecord,
  data: Record<string, unknown>,
  ctx: TransformContext,
): { quarantine: QuarantineItem } | { record: Certificate | Matter; warnings: RecordWarning[] } {
  const isCertificate = pipeline.entity === 'certificate';
  const mapped = mapRecord(data, pipeline, isCertificate ? CERTIFICATE_FIELDS : MATTER_FIELDS);
  const looked = pipeline.value_maps ? applyValueMaps(mapped, pipeline.value_maps) : { record: mapped };
  const normalised = isCertificate
    ? normaliseCertificate(looked.record, {
        statusMap: pipeline.status_map,
        today: ctx.today,
        certificateTypes: ctx.certificateTypes,
        requireValidUntil: pipeline.require_valid_until,
      })
    : normaliseMatter(looked.record);
  if (looked.miss) {
    const q = valueMapItem(pipeline, r, data, normalised, looked.miss);
    // A replace snapshot still counts the record as listed when the miss is not in its key.
    const key = isCertificate && q.naturalKey !== null ? readCertificateKey(normalised) : undefined;
    if (key) q.key = key;
    return { quarantine: q };
  }
  const result = isCertificate
    ? validateCertificate(normalised, {
        today: ctx.today,
        identifierCheck: pipeline.identifier_check,
        certificateTypes: ctx.certificateTypes,
        requireValidUntil: pipeline.require_valid_until,
      })
    : validateMatter(normalised, { today: ctx.today });
  if (result.ok) return { record: result.record, warnings: result.warnings };
  const absent = result.reason === 'missing_field' ? absentColumn(pipeline, data, result.path) : undefined;
  const q: QuarantineItem = {
    line: r.line,
    raw: rawOf(r),
    reason: result.reason,
    path: result.path,
    message: absent ? `${result.message}; ${absent.words}` : result.message,
    details: absent ? { ...result.details, ...absent.details } : result.details,
    naturalKey: naturalKeyOf(pipeline.entity, normalised, result.path),
    columns: Object.keys(data),
  };
  const key = isCertificate ? readCertificateKey(normalised) : undefined;
  if (key) q.key = key;
  return { quarantine: q };
}

/**
 * map → normalise → validate → dedupe for one batch: pure, no I/O. Every record ends up in
 * exactly one of records / quarantine / duplicates.
 */
export function transformBatch(
  pipeline: PipelineDefinition,
  source: SourceRecord[],
  ctx: TransformContext,
): TransformedBatch<Certificate> | TransformedBatch<Matter> {
  const quarantine: QuarantineItem[] = [];
  const valid: { line: number; record: Certificate | Matter; index: number }[] = [];
  const warnings: WarningItem[] = [];
  const isCertificate = pipeline.entity === 'certificate';
  for (const [index, r] of source.entries()) {
    let q: QuarantineItem | undefined =
      r.error !== undefined || !r.data
        ? {
            line: r.line,
            raw: rawOf(r),
            reason: 'parse_error',
            path: '',
            message: storable(r.error ?? 'empty record'),
            naturalKey: null,
            ...(r.data ? { columns: Object.keys(r.data) } : {}),
          }
        : controlCharacterItem(pipeline, r, r.data);
    if (!q && r.data) {
      const judged = judgeRecord(pipeline, r, r.data, ctx);
      if ('quarantine' in judged) q = judged.quarantine;
      else {
        valid.push({ line: r.line, record: judged.record, index });
        for (const w of judged.warnings) warnings.push({ line: r.line, path: w.path, message: w.message });
      }
    }
    if (q) {
      if (pipeline.on_invalid === 'fail') failOnInvalid(pipeline, q);
      quarantine.push(q);
    }
  }
  const naturalKey = (v: (typeof valid)[number]) => (isCertificate ? keyOf(v.record as Certificate) : (v.record as Matter).matter_code);
  const { kept, duplicates } = dedupeBatch(valid, naturalKey, (v) => (isCertificate ? (v.record as Certificate).source_updated_at : undefined));
  const conflicts = duplicates
    .filter((d) => canonicalJson(d.item.record) !== canonicalJson(d.kept.record))
    .map((d): ConflictItem => ({ line: d.item.line, keptLine: d.kept.line, naturalKey: naturalKey(d.item), reason: d.reason }));
  const records = kept.map((k) => k.record);
  return { records, sources: kept.map((k) => k.index), quarantine, duplicates: duplicates.length, conflicts, warnings } as TransformedBatch<Certificate> | TransformedBatch<Matter>;
}
