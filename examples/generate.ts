import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_BATCH_SIZE } from '../core/config.ts';
import { dayOfIso } from './generator/calendar.ts';
import { CERTIFICATE_TYPES } from './generator/certificate-types.ts';
import { demoCases } from './generator/demo-cases.ts';
import { DEPARTMENTS } from './generator/departments/index.ts';
import type { DepartmentKey, DepartmentSpec } from './generator/department-spec.ts';
import { generateDepartment } from './generator/generate-department.ts';
import { orgHolder, planHolders } from './generator/holder-plan.ts';
import type { HolderSample, Manifest } from './generator/manifest.ts';
import { matterCatalogue } from './generator/matter-catalogue.ts';
import { OrgRegistry } from './generator/org-registry.ts';
import { PersonRegistry } from './generator/person-registry.ts';
import { predictCoverage } from './generator/predict-coverage.ts';
import { ecertYaml, MATTERS_FILE, MATTERS_PIPELINE, mattersPipelineYaml, pipelineYaml } from './generator/workspace-config.ts';
import { writeManifest } from './generator/write-manifest.ts';

export type { DefectEntry, DemoCase, DepartmentManifest, HolderSample, Manifest, MatterCoverage } from './generator/manifest.ts';

/** The date the test fixtures are judged against (the sample workspace's too). */
export const DEFAULT_TODAY = '2026-11-23';
/** Five departments with at least five rows each, room for the demo holders. */
const MIN_ROWS = 25;
/** The manifest lists every planted defect (about a quarter of the rows) and is held in memory until written. */
const MAX_ROWS = 5_000_000;
const MIN_DEPARTMENT_ROWS = 5;
const SHARED_SAMPLES = 50;

export interface GenerateOptions {
  /** Workspace folder; created when missing, generated files overwritten. */
  out: string;
  rows: number;
  seed: number;
  /** ISO date that "expired" and "in the past" are judged against. */
  today?: string;
  /** The hub's batch size: duplicates never straddle a batch boundary of this size. */
  batchSize?: number;
  onProgress?: (progress: { pipeline: string; done: number; total: number }) => void;
}

/** Rows per department by share (40/20/15/15/10 %), at least five each; rounding goes to the largest. */
export function splitRows(rows: number): Record<DepartmentKey, number> {
  const counts = Object.fromEntries(DEPARTMENTS.map((d) => [d.key, Math.max(MIN_DEPARTMENT_ROWS, Math.floor(rows * d.share))])) as Record<DepartmentKey, number>;
  const largest = DEPARTMENTS.reduce((a, b) => (b.share > a.share ? b : a)).key;
  counts[largest] += rows - Object.values(counts).reduce((a, b) => a + b, 0);
  return counts;
}

function checkOptions(o: GenerateOptions): void {
  if (!Number.isInteger(o.rows) || o.rows < MIN_ROWS || o.rows > MAX_ROWS) throw new RangeError(`rows must be a whole number from ${MIN_ROWS} to ${MAX_ROWS}, got ${o.rows}`);
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new RangeError(`seed must be a non-negative whole number, got ${o.seed}`);
  if (o.batchSize !== undefined && (!Number.isInteger(o.batchSize) || o.batchSize < 2)) throw new RangeError(`batchSize must be a whole number of at least 2, got ${o.batchSize}`);
}

async function writeJsonLines(file: string, records: readonly unknown[]): Promise<void> {
  const out = createWriteStream(file);
  for (const r of records) if (!out.write(`${JSON.stringify(r)}\n`)) await once(out, 'drain');
  const closed = once(out, 'close');
  out.end();
  await closed;
}

/**
 * Writes a complete synthetic workspace — ecert.yaml, one pipeline per department plus the matter
 * catalogue, their data files — and manifest.json, which says exactly what a first sync into an
 * empty catalogue must report. Same seed, rows and today → byte-identical files.
 */
export async function generateWorkspace(options: GenerateOptions): Promise<Manifest> {
  checkOptions(options);
  const todayIso = options.today ?? DEFAULT_TODAY;
  const today = dayOfIso(todayIso);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const rows = splitRows(options.rows);
  const persons = new PersonRegistry(options.seed, today);
  const orgs = new OrgRegistry(options.seed);
  const plan = planHolders(rows, persons, orgs);

  const workspace = path.resolve(options.out);
  await mkdir(path.join(workspace, 'data'), { recursive: true });
  await mkdir(path.join(workspace, 'pipelines'), { recursive: true });
  await writeFile(path.join(workspace, 'ecert.yaml'), ecertYaml(CERTIFICATE_TYPES));
  for (const spec of DEPARTMENTS) await writeFile(path.join(workspace, 'pipelines', `${spec.pipeline}.yaml`), pipelineYaml(spec));
  await writeFile(path.join(workspace, 'pipelines', `${MATTERS_PIPELINE}.yaml`), mattersPipelineYaml());
  const matters = matterCatalogue();
  await writeJsonLines(path.join(workspace, MATTERS_FILE), matters);

  // Departments run side by side: each has its own random stream and file, so the interleaving
  // cannot change the output, and spreadsheet compression overlaps with text generation.
  const outcomes = await Promise.all(
    DEPARTMENTS.map((spec) => {
      const base = plan.base[spec.key];
      const flavour = spec.orgFlavour;
      return generateDepartment({
        spec,
        rows: rows[spec.key],
        seed: options.seed,
        today,
        todayIso,
        workspace,
        batchSize,
        forced: plan.forced[spec.key],
        holderAt: flavour
          ? (index, rng) => orgHolder(orgs, base + index, flavour(rng))
          : (index) => {
              const p = persons.get(base + index);
              return { kind: 'person', id: p.id, name: p.name, male: p.male, birthDay: p.birthDay };
            },
        ...(options.onProgress ? { onProgress: (done: number) => options.onProgress?.({ pipeline: spec.pipeline, done, total: rows[spec.key] }) } : {}),
      });
    }),
  );

  const specs = Object.fromEntries(DEPARTMENTS.map((d) => [d.key, d])) as Record<DepartmentKey, DepartmentSpec>;
  const demo = demoCases(plan, specs);
  const holders: HolderSample[] = [
    ...Object.values(demo).map((c) => ({
      query: c.holder_id,
      holder_id: c.holder_id,
      holder_kind: c.holder_kind,
      certificates: c.materials.filter((m) => m.certificate !== null).length,
    })),
    ...['person', 'organisation'].flatMap((kind) =>
      plan.shared
        .filter((s) => s.holder.kind === kind)
        .slice(0, SHARED_SAMPLES)
        .map((s) => ({ query: s.holder.id, holder_id: s.holder.id, holder_kind: s.holder.kind, certificates: s.rows.length })),
    ),
    ...outcomes.flatMap((o) => o.samples),
  ];
  const manifest: Manifest = {
    seed: options.seed,
    rows: options.rows,
    today: todayIso,
    batch_size: batchSize,
    departments: outcomes.map((o) => o.manifest),
    matters: { pipeline: MATTERS_PIPELINE, file: MATTERS_FILE, count: matters.length },
    coverage: predictCoverage(matters, outcomes.map((o) => o.manifest), plan, Object.fromEntries(DEPARTMENTS.map((d) => [d.key, d.certType.code])) as Record<DepartmentKey, string>),
    demo,
    holders,
  };
  await writeManifest(path.join(workspace, 'manifest.json'), manifest);
  return manifest;
}
