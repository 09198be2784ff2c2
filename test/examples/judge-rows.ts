import { checkUscc } from '../../schemas/formats/uscc.ts';
import { normaliseCertificate } from '../../schemas/normalise/certificate.ts';
import { isIsoDate } from '../../schemas/normalise/date.ts';
import { checkHolderId } from '../../schemas/normalise/identifier.ts';
import { isCertStatus } from '../../schemas/normalise/status.ts';
import type { CertificateType, QuarantineReason } from '../../schemas/types.ts';
import type { PipelineFile, SourceRow } from './read-workspace.ts';

export type Outcome = QuarantineReason | 'loaded' | 'duplicate';

export interface Judgement {
  /** Line → outcome; for a repeated natural key the later row is the one marked duplicate. */
  outcomes: Map<number, Outcome>;
  inserted: number;
  duplicates: number;
  quarantined: Partial<Record<QuarantineReason, number>>;
  /** Normalised holder id → certificates loaded for it. */
  holders: Map<string, number>;
}

const REQUIRED = ['cert_type_code', 'cert_number', 'issuer_code', 'holder_kind', 'holder_id_type', 'holder_id', 'holder_name', 'issued_on', 'status'];

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function map(data: Record<string, unknown>, pipeline: PipelineFile): Record<string, unknown> {
  const out: Record<string, unknown> = { ...pipeline.defaults };
  for (const [field, column] of Object.entries(pipeline.mapping ?? {})) {
    const value = data[column];
    if (!isEmpty(value) || out[field] === undefined) out[field] = value;
  }
  return out;
}

/** The first rule a normalised record breaks, in the order of design.md "Quarantine reason codes". */
function firstBroken(r: Record<string, unknown>, types: readonly CertificateType[], today: Date): QuarantineReason | undefined {
  if (REQUIRED.some((f) => isEmpty(r[f]))) return 'missing_field';
  const holder = checkHolderId(String(r.holder_id), String(r.holder_id_type), today);
  if ((holder && !holder.valid) || !checkUscc(String(r.issuer_code)).valid) return 'invalid_identifier';
  if (!isIsoDate(r.issued_on)) return 'invalid_date';
  if (r.valid_until !== null && (!isIsoDate(r.valid_until) || r.valid_until < r.issued_on)) return 'invalid_date';
  if (!isCertStatus(r.status) || !types.some((t) => t.code === r.cert_type_code)) return 'invalid_code';
  return undefined;
}

/**
 * An independent reading of the rules a first sync applies — normalise with the hub's own
 * normaliser, then missing field → identifier → date → code, then in-batch dedupe on the natural
 * key — used to check that the manifest's predictions follow from the files actually written.
 */
export function judgeRows(rows: readonly SourceRow[], pipeline: PipelineFile, types: readonly CertificateType[], today: Date, batchSize: number): Judgement {
  const outcomes = new Map<number, Outcome>();
  const quarantined: Partial<Record<QuarantineReason, number>> = {};
  const holders = new Map<string, number>();
  let inserted = 0;
  let duplicates = 0;
  let batchKeys = new Set<string>();
  rows.forEach((row, index) => {
    if (index % batchSize === 0) batchKeys = new Set();
    let reason: QuarantineReason | undefined;
    let record: Record<string, unknown> | undefined;
    if (row.error !== undefined || !row.data) {
      reason = 'parse_error';
    } else {
      record = normaliseCertificate(map(row.data, pipeline), { today, certificateTypes: [...types] });
      reason = firstBroken(record, types, today);
    }
    if (reason) {
      outcomes.set(row.line, reason);
      quarantined[reason] = (quarantined[reason] ?? 0) + 1;
      return;
    }
    const r = record!;
    const key = `${String(r.cert_type_code)}\u0000${String(r.issuer_code)}\u0000${String(r.cert_number)}`;
    if (batchKeys.has(key)) {
      outcomes.set(row.line, 'duplicate');
      duplicates++;
      return;
    }
    batchKeys.add(key);
    outcomes.set(row.line, 'loaded');
    inserted++;
    const id = String(r.holder_id);
    holders.set(id, (holders.get(id) ?? 0) + 1);
  });
  return { outcomes, inserted, duplicates, quarantined, holders };
}
