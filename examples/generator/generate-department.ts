import { QUARANTINE_REASONS, type CertStatus, type QuarantineReason } from '../../schemas/types.ts';
import { addYears, formatStamp } from './calendar.ts';
import { DEFECT_KINDS, type AppliedDefect, type DefectKind } from './defect-kinds.ts';
import type { CertDraft, Cell, DepartmentSpec, Holder, Row } from './department-spec.ts';
import type { ForcedRow } from './holder-plan.ts';
import type { DefectEntry, DepartmentManifest, HolderSample } from './manifest.ts';
import { Rng } from './prng.ts';
import { renderRow } from './render-row.ts';
import { jsonLine, openRowWriter } from './row-writer.ts';

const DAY_SECONDS = 86_400;
/** Source update times spread over about eleven months, ending well before today. */
const STAMP_START_DAYS = 400;
const STAMP_SPAN_SECONDS = 330 * DAY_SECONDS;
const HOLDER_ID_VARIANTS = new Set(['fullwidth_id', 'id_inner_space', 'lowercase_id', 'legacy_15_digit']);
const SAMPLES_PER_VARIANT = 3;
const PLAIN_SAMPLES = 2;
const PROGRESS_EVERY = 10_000;

export interface DepartmentJob {
  spec: DepartmentSpec;
  rows: number;
  seed: number;
  today: number;
  todayIso: string;
  workspace: string;
  batchSize: number;
  /** The ordinary holder of a row (one never used anywhere else). */
  holderAt: (index: number, rng: Rng) => Holder;
  forced: ReadonlyMap<number, ForcedRow>;
  onProgress?: (rowsDone: number) => void;
}

export interface DepartmentOutcome {
  manifest: DepartmentManifest;
  samples: HolderSample[];
}

function manifestValue(value: Cell): string | number | null {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}

/** Fixes validity and status of a demo row, keeping issued_on before valid_until. */
function applyForced(draft: CertDraft, forced: ForcedRow, job: DepartmentJob, rng: Rng): void {
  if (forced.status) draft.status = forced.status;
  if (forced.validity === 'long' || job.spec.columns.valid_until === undefined) {
    draft.validUntil = null;
  } else if (forced.validity === 'future') {
    draft.validUntil = job.today + rng.between(365, 1800);
    draft.issuedOn = Math.min(draft.issuedOn, addYears(draft.validUntil, -5) + 1);
  } else if (forced.validity === 'expired') {
    draft.validUntil = job.today - rng.between(60, 700);
    draft.issuedOn = addYears(draft.validUntil, -5) + 1;
  }
}

/** A later correction of the row: newer update time and one face field changed. */
function revision(job: DepartmentJob, draft: CertDraft, row: Row, rng: Rng): { row: Row; column: string; value: Cell } {
  let change = job.spec.revise(draft, rng);
  for (let tries = 0; tries < 5 && change.value === row.get(change.column); tries++) change = job.spec.revise(draft, rng);
  const value = change.value === row.get(change.column) ? `${String(change.value)}（变更）` : change.value;
  const stamp = formatStamp(draft.updatedAt + rng.between(DAY_SECONDS, 30 * DAY_SECONDS), job.spec.stampStyle);
  const revised: Row = new Map(row);
  revised.set(change.column, value);
  revised.set(job.spec.columns.source_updated_at, stamp);
  return { row: revised, column: change.column, value };
}

/**
 * Writes one department's file and works out what the hub must make of it. Every row is either
 * clean, a normalisable variant, a duplicate of the row just before it, or carries exactly one
 * defect; the counts follow from that and from the fact that certificate numbers never repeat
 * except in duplicates.
 */
export async function generateDepartment(job: DepartmentJob): Promise<DepartmentOutcome> {
  const { spec, rows } = job;
  const rng = new Rng(job.seed, `department:${spec.key}`);
  const kinds: { kind: DefectKind; upTo: number }[] = [];
  let total = 0;
  for (const kind of DEFECT_KINDS) {
    const rate = kind.rate(spec);
    if (rate <= 0) continue;
    total += rate;
    kinds.push({ kind, upTo: total });
  }
  const drawKind = (u: number): DefectKind | undefined => kinds.find((k) => u < k.upTo)?.kind;

  const headerRow = spec.title === undefined ? 1 : 2;
  const firstLine = spec.format === 'jsonl' ? 1 : headerRow + 1;
  const stampBase = (job.today - STAMP_START_DAYS) * DAY_SECONDS + 8 * 3600;
  const writer = openRowWriter(spec, job.workspace, { todayIso: job.todayIso, stamp: new Date(job.today * DAY_SECONDS * 1000) });

  const quarantined = new Map<QuarantineReason, number>();
  const statuses: Record<CertStatus, number> = { valid: 0, suspended: 0, revoked: 0, cancelled: 0, expired: 0 };
  let inserted = 0;
  let duplicates = 0;
  let expiredByDate = 0;
  const defects: DefectEntry[] = [];
  const samples: HolderSample[] = [];
  const sampled = new Map<string, number>();
  let plain = 0;
  let last: { index: number; draft: CertDraft; row: Row } | undefined;

  for (let index = 0; index < rows; index++) {
    const line = firstLine + index;
    const forced = job.forced.get(index);
    let kind = forced ? undefined : drawKind(rng.next());

    // A duplicate repeats the clean row just before it, and both must fall in the same batch.
    if (kind?.kind === 'duplicate') {
      if (last && last.index === index - 1 && index % job.batchSize !== 0) {
        const dup = revision(job, last.draft, last.row, rng);
        writer.write(dup.row, new Set());
        duplicates++;
        defects.push({
          line,
          cert_number: last.draft.certNumber,
          kind: 'duplicate',
          reason: null,
          outcome: 'duplicate',
          field: null,
          column: dup.column,
          value: manifestValue(dup.value),
        });
        last = undefined;
        const paused = writer.pause(index + 1);
        if (paused) await paused;
        continue;
      }
      kind = undefined;
    }

    const updatedAt = stampBase + Math.floor((index * STAMP_SPAN_SECONDS) / rows);
    const holder = forced?.holder ?? job.holderAt(index, rng);
    const draft = spec.draft({ index, rng, holder, today: job.today, updatedAt });
    if (forced) {
      applyForced(draft, forced, job, rng);
      forced.certNumber = draft.certNumber;
      forced.issuerCode = draft.issuer.code;
      forced.validNow = draft.status === 'valid' && (draft.validUntil === null || draft.validUntil >= job.today);
    }
    const row = renderRow(spec, draft, rng);
    const omitted = new Set<string>();
    let applied: AppliedDefect | undefined;
    if (kind) {
      applied = kind.apply({ spec, draft, row, omitted, rng });
      if (!applied) kind = undefined;
    }

    if (kind?.kind === 'truncated_line') {
      const text = jsonLine(spec.header, row, omitted);
      writer.writeText(text.slice(0, rng.between(Math.floor(text.length * 0.2), Math.floor(text.length * 0.8))));
    } else {
      writer.write(row, omitted);
    }

    if (kind?.reason) {
      quarantined.set(kind.reason, (quarantined.get(kind.reason) ?? 0) + 1);
    } else {
      inserted++;
      statuses[draft.status]++;
      if (draft.status === 'valid' && draft.validUntil !== null && draft.validUntil < job.today) expiredByDate++;
    }
    if (kind && applied) {
      defects.push({
        line,
        cert_number: String(row.get(spec.columns.cert_number) ?? ''),
        kind: kind.kind,
        reason: kind.reason,
        outcome: kind.reason ? 'quarantined' : 'loaded',
        field: applied.field,
        column: applied.field === null ? null : (spec.columns[applied.field] ?? null),
        value: manifestValue(applied.value),
      });
      const taken = sampled.get(kind.kind) ?? 0;
      if (HOLDER_ID_VARIANTS.has(kind.kind) && taken < SAMPLES_PER_VARIANT && typeof applied.value === 'string') {
        sampled.set(kind.kind, taken + 1);
        samples.push({ query: applied.value, holder_id: holder.id, holder_kind: holder.kind, certificates: 1 });
      }
    } else if (!forced && plain < PLAIN_SAMPLES) {
      plain++;
      samples.push({ query: holder.id, holder_id: holder.id, holder_kind: holder.kind, certificates: 1 });
    }
    last = !kind && !forced ? { index, draft, row } : undefined;

    if (job.onProgress && (index + 1) % PROGRESS_EVERY === 0) job.onProgress(index + 1);
    const paused = writer.pause(index + 1);
    if (paused) await paused;
  }
  await writer.close();
  job.onProgress?.(rows);

  const quarantinedOut: Partial<Record<QuarantineReason, number>> = {};
  for (const reason of QUARANTINE_REASONS) {
    const n = quarantined.get(reason);
    if (n) quarantinedOut[reason] = n;
  }
  return {
    manifest: {
      pipeline: spec.pipeline,
      department: spec.department,
      file: spec.file,
      format: spec.format,
      encoding: spec.format === 'xlsx' ? null : spec.encoding,
      bom: spec.bom,
      sheet: spec.sheet ?? null,
      header_row: spec.format === 'jsonl' ? null : headerRow,
      first_line: firstLine,
      cert_type_code: spec.certType.code,
      holder_kind: spec.certType.holder_kind,
      read: rows,
      expected: { inserted, duplicates, quarantined: quarantinedOut },
      statuses,
      expired_by_date: expiredByDate,
      defects,
    },
    samples,
  };
}
