import type { Kysely } from 'kysely';
import { shanghaiDate } from '../catalog/shanghai-date.ts';
import type { Database } from '../catalog/database.ts';
import { collectSamples } from './collect-samples.ts';
import { copyCatalog, type CopyProgress } from './copy-catalog.ts';
import { duckRows } from './duck-rows.ts';
import { measureCompleteness } from './measure-completeness.ts';
import { measureConsistency } from './measure-consistency.ts';
import type { MeasureContext } from './measure-context.ts';
import { measureCoverage } from './measure-coverage.ts';
import { measureTimeliness } from './measure-timeliness.ts';
import { measureUniqueness } from './measure-uniqueness.ts';
import { measureValidity } from './measure-validity.ts';
import { measureVolume } from './measure-volume.ts';
import { openDuckDB, type DuckOptions } from './open-duckdb.ts';
import { DIMENSIONS, type Dimension, type QualityReport, type Thresholds } from './report-types.ts';
import { mean, share, toScore, verdict, worst } from './score.ts';

export interface QualityReportOptions {
  thresholds: Thresholds;
  pipeline?: string | undefined;
  since?: Date | undefined;
  /** 'YYYY-MM-DD' that expiry is judged against; today in Asia/Shanghai by default. */
  today?: string;
  now?: Date;
  schedules?: Record<string, string | undefined>;
  sampleSize?: number;
  duck?: DuckOptions;
  /** The catalogue's postgres:// URL, when it is on a server: large tables are then copied with COPY. */
  databaseUrl?: string | undefined;
  onProgress?: (p: CopyProgress) => void;
}

const DEFAULT_SAMPLE_SIZE = 3;

/**
 * Copies the catalogue, run ledger and quarantine into a throw-away DuckDB database (streamed,
 * page by page) and measures each quality dimension there, overall, per department (pipeline)
 * and per certificate type, with a score 0–100 and a verdict against the workspace's thresholds.
 */
export async function buildQualityReport(db: Kysely<Database>, options: QualityReportOptions): Promise<QualityReport> {
  const now = options.now ?? new Date();
  const today = options.today ?? shanghaiDate(now);
  const session = await openDuckDB(options.duck);
  try {
    await copyCatalog(db, session.connection, { filters: { pipeline: options.pipeline, since: options.since }, databaseUrl: options.databaseUrl, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const ctx: MeasureContext = { duck: session.connection, today, now, schedules: options.schedules ?? {}, sampleSize: options.sampleSize ?? DEFAULT_SAMPLE_SIZE };
    const completeness = await measureCompleteness(ctx);
    const validity = await measureValidity(ctx);
    const uniqueness = await measureUniqueness(ctx);
    const consistency = await measureConsistency(ctx);
    const timeliness = await measureTimeliness(ctx);
    const volume = await measureVolume(ctx);
    const coverage = await measureCoverage(ctx);
    const samples = await collectSamples(db, ctx, { uniqueness, consistency });
    const [totals] = await duckRows<QualityReport['totals']>(
      ctx.duck,
      `select (select count(*) from certificates) as certificates, (select count(*) from matters) as matters,
              (select count(*) from runs) as runs, (select count(*) from quarantine) as open_quarantine`,
    );
    const types = await duckRows<{ code: string; name: string | null; certificates: number }>(
      ctx.duck,
      `select c.cert_type_code as code, any_value(t.name) as name, count(*) as certificates
       from certificates c left join certificate_types t on t.code = c.cert_type_code group by 1 order by 1`,
    );
    const pipelineTypes = await duckRows<{ pipeline: string; cert_types: string[]; certificates: number }>(
      ctx.duck,
      `select pipeline, list(distinct cert_type_code order by cert_type_code) as cert_types, count(*) as certificates from certificates group by 1`,
    );

    const requiredShare = (rows: { required: boolean; share: number | null }[]) => mean(rows.filter((r) => r.required).map((r) => r.share));
    const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);
    const dupShare = (runs: typeof uniqueness.runs) => share(sum(runs, (r) => r.duplicates), sum(runs, (r) => r.read));
    const severalShare = (rows: typeof uniqueness.several_valid) => share(sum(rows, (r) => r.holders_with_several), sum(rows, (r) => r.holders));
    const cleanShare = (a: number | null, b: number | null) => (a === null && b === null ? null : Math.min(1 - (a ?? 0), 1 - (b ?? 0)));
    const consistentShare = (groups: typeof consistency.groups) => {
      const s = share(sum(groups, (g) => g.inconsistent), sum(groups, (g) => g.certificates));
      return s === null ? null : 1 - s;
    };

    const overall: Record<Dimension, number | null> = {
      completeness: toScore(requiredShare(completeness.rows)),
      validity: toScore(share(sum(validity.pipelines, (p) => p.loaded), sum(validity.pipelines, (p) => p.loaded + p.quarantined))),
      uniqueness: toScore(cleanShare(dupShare(uniqueness.runs), severalShare(uniqueness.several_valid))),
      consistency: toScore(consistentShare(consistency.groups)),
      timeliness: toScore(share(timeliness.filter((t) => t.on_time).length, timeliness.length)),
      volume: toScore(volume.length === 0 ? null : 1 - volume.filter((r) => r.flagged).length / volume.length),
      coverage: toScore(share(coverage.waivable, coverage.replaceable)),
    };

    const pipelines = [...new Set([...validity.pipelines.map((p) => p.pipeline), ...timeliness.map((t) => t.pipeline)])].sort();
    const departments = pipelines.map((pipeline) => {
      const v = validity.pipelines.find((p) => p.pipeline === pipeline);
      const g = consistency.groups.filter((x) => x.pipeline === pipeline);
      const runs = volume.filter((r) => r.pipeline === pipeline);
      const t = timeliness.find((x) => x.pipeline === pipeline);
      const dup = dupShare(uniqueness.runs.filter((r) => r.pipeline === pipeline));
      const scores = {
        completeness: toScore(requiredShare(completeness.rows.filter((r) => r.pipeline === pipeline))),
        validity: toScore(v?.valid_share ?? null),
        uniqueness: toScore(dup === null ? null : 1 - dup),
        consistency: toScore(consistentShare(g)),
        timeliness: t === undefined ? null : t.on_time ? 100 : 0,
        volume: toScore(runs.length === 0 ? null : 1 - runs.filter((r) => r.flagged).length / runs.length),
      };
      const own = pipelineTypes.find((p) => p.pipeline === pipeline);
      return {
        pipeline,
        cert_types: own?.cert_types ?? [],
        certificates: own?.certificates ?? 0,
        scores,
        verdict: worst(Object.values(scores).map((s) => verdict(s, options.thresholds))),
      };
    });

    const certificateTypes = types.map((t) => {
      const several = severalShare(uniqueness.several_valid.filter((s) => s.cert_type_code === t.code));
      const groups = consistency.groups.filter((g) => g.cert_type_code === t.code);
      const scores = {
        completeness: toScore(requiredShare(completeness.byType.filter((r) => r.cert_type_code === t.code))),
        uniqueness: toScore(several === null ? null : 1 - several),
        consistency: toScore(consistentShare(groups)),
      };
      return { cert_type_code: t.code, name: t.name, certificates: t.certificates, scores, verdict: worst(Object.values(scores).map((s) => verdict(s, options.thresholds))) };
    });

    return {
      report: 'quality',
      version: 1,
      generated_at: now.toISOString(),
      as_of: today,
      filters: { since: options.since?.toISOString() ?? null, pipeline: options.pipeline ?? null },
      thresholds: options.thresholds,
      totals: totals!,
      scores: DIMENSIONS.map((dimension) => ({ dimension, score: overall[dimension], verdict: verdict(overall[dimension], options.thresholds) })),
      departments,
      certificate_types: certificateTypes,
      completeness: completeness.rows,
      validity,
      uniqueness: { runs: uniqueness.runs, several_valid: uniqueness.several_valid },
      consistency: { groups: consistency.groups, superseded: consistency.superseded },
      timeliness: { pipelines: timeliness },
      volume: { runs: volume, zero_load_runs: volume.filter((r) => r.loaded === 0).length },
      coverage,
      samples,
    };
  } finally {
    session.close();
  }
}
