import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitRows } from '../../examples/generate.ts';
import { checkDivisionCode } from '../../schemas/formats/division-code.ts';
import { checkUscc } from '../../schemas/formats/uscc.ts';
import type { Matter } from '../../schemas/types.ts';
import { judgeRows, type Judgement } from './judge-rows.ts';
import { readCertificateTypes, readPipeline, readSource, type SourceRow } from './read-workspace.ts';
import { generatedWorkspace, TODAY } from './workspace-fixture.ts';

const ROWS = 3000;
/** Small enough that a few duplicates would straddle a boundary if the generator did not prevent it. */
const BATCH = 97;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('generateWorkspace', () => {
  let a: Awaited<ReturnType<typeof generatedWorkspace>>;
  let b: Awaited<ReturnType<typeof generatedWorkspace>>;
  let other: Awaited<ReturnType<typeof generatedWorkspace>>;
  const sources = new Map<string, SourceRow[]>();
  const judged = new Map<string, Judgement>();

  beforeAll(async () => {
    [a, b, other] = await Promise.all([generatedWorkspace(ROWS, 7, { batchSize: BATCH }), generatedWorkspace(ROWS, 7, { batchSize: BATCH }), generatedWorkspace(ROWS, 8, { batchSize: BATCH })]);
    const types = readCertificateTypes(a.dir);
    for (const d of a.manifest.departments) {
      const pipeline = readPipeline(a.dir, d.pipeline);
      const rows = await readSource(a.dir, pipeline);
      sources.set(d.pipeline, rows);
      judged.set(d.pipeline, judgeRows(rows, pipeline, types, new Date(`${TODAY}T12:00:00+08:00`), BATCH));
    }
  });
  afterAll(() => {
    for (const w of [a, b, other]) w?.dispose();
  });

  it('writes the workspace layout of the sample: ecert.yaml, pipelines/*.yaml, data/*, manifest.json', () => {
    expect(filesUnder(a.dir)).toEqual([
      'data/matters.jsonl',
      'data/mz-marriages.csv',
      'data/rs-qualifications.jsonl',
      'data/scjg-licences.csv',
      'data/wj-physicians.xlsx',
      'data/zj-qualifications.xlsx',
      'ecert.yaml',
      'manifest.json',
      'pipelines/matters.yaml',
      'pipelines/mz-marriage-registrations.yaml',
      'pipelines/rs-professional-qualifications.yaml',
      'pipelines/scjg-business-licences.yaml',
      'pipelines/wj-physician-licences.yaml',
      'pipelines/zj-construction-qualifications.yaml',
    ]);
  });

  it('gives byte-identical files for the same seed and different data for another seed', () => {
    for (const f of filesUnder(a.dir)) expect(readFileSync(path.join(b.dir, f)).equals(readFileSync(path.join(a.dir, f))), f).toBe(true);
    for (const f of filesUnder(a.dir).filter((x) => x.startsWith('data/') && x !== 'data/matters.jsonl')) {
      expect(readFileSync(path.join(other.dir, f)).equals(readFileSync(path.join(a.dir, f))), f).toBe(false);
    }
  });

  it('writes manifest.json as the manifest it returns', () => {
    expect(JSON.parse(readFileSync(path.join(a.dir, 'manifest.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(a.manifest)));
  });

  it('splits the rows 40/20/15/15/10 with at least five per department', () => {
    expect(splitRows(ROWS)).toEqual({ scjg: 1200, zj: 600, rs: 450, mz: 450, wj: 300 });
    const small = splitRows(25);
    expect(Object.values(small).every((n) => n >= 5)).toBe(true);
    expect(Object.values(small).reduce((x, y) => x + y, 0)).toBe(25);
    expect(a.manifest.departments.map((d) => d.read)).toEqual([1200, 600, 450, 450, 300]);
  });

  it('adds up: read = inserted + duplicates + quarantined, and the defect list agrees with the counts', () => {
    for (const d of a.manifest.departments) {
      const q = Object.values(d.expected.quarantined).reduce((x, y) => x + y, 0);
      expect(d.read, d.pipeline).toBe(d.expected.inserted + d.expected.duplicates + q);
      expect(d.defects.filter((x) => x.outcome === 'duplicate').length).toBe(d.expected.duplicates);
      for (const [reason, n] of Object.entries(d.expected.quarantined)) expect(d.defects.filter((x) => x.reason === reason).length).toBe(n);
      expect(Object.values(d.statuses).reduce((x, y) => x + y, 0)).toBe(d.expected.inserted);
    }
  });

  it('plants every kind of defect at a low rate, one per row', () => {
    for (const d of a.manifest.departments) {
      const lines = d.defects.map((x) => x.line);
      expect(new Set(lines).size, d.pipeline).toBe(lines.length);
      const quarantined = d.defects.filter((x) => x.reason !== null).length;
      expect(quarantined / d.read).toBeGreaterThan(0.02);
      expect(quarantined / d.read).toBeLessThan(0.2);
    }
    const kinds = new Set(a.manifest.departments.flatMap((d) => d.defects.map((x) => x.kind)));
    expect([...kinds].sort()).toEqual(
      [
        'bad_check_digit', 'date_chinese', 'date_compact', 'date_dot', 'date_slash', 'duplicate', 'excel_serial', 'fullwidth_id', 'id_inner_space',
        'impossible_date', 'legacy_15_digit', 'long_term_wording', 'lowercase_id', 'missing_cert_number', 'missing_holder_name', 'name_padding',
        'truncated_line', 'unknown_status', 'until_before_issued', 'wrong_length',
      ].sort(),
    );
  });

  it('has as many data rows in each file as the manifest reads, starting at first_line', () => {
    for (const d of a.manifest.departments) {
      const rows = sources.get(d.pipeline)!;
      expect(rows.length, d.pipeline).toBe(d.read);
      expect(rows[0]?.line).toBe(d.first_line);
      expect(rows.at(-1)?.line).toBe(d.first_line + d.read - 1);
    }
  });

  it('predicts what normalising and validating the written rows gives, row by row', () => {
    for (const d of a.manifest.departments) {
      const j = judged.get(d.pipeline)!;
      expect({ inserted: j.inserted, duplicates: j.duplicates, quarantined: j.quarantined }, d.pipeline).toEqual(d.expected);
      const predicted = new Map<number, string>(d.defects.filter((x) => x.outcome !== 'loaded').map((x) => [x.line, x.reason ?? 'duplicate']));
      for (const [line, outcome] of j.outcomes) expect(`${line} ${outcome}`).toBe(`${line} ${predicted.get(line) ?? 'loaded'}`);
    }
  });

  it('counts each sampled holder’s certificates across all pipelines', () => {
    const all = new Map<string, number>();
    for (const j of judged.values()) for (const [id, n] of j.holders) all.set(id, (all.get(id) ?? 0) + n);
    expect(a.manifest.holders.length).toBeGreaterThan(20);
    for (const h of a.manifest.holders) expect(`${h.holder_id} ${all.get(h.holder_id) ?? 0}`).toBe(`${h.holder_id} ${h.certificates}`);
    const queries = a.manifest.holders.filter((h) => h.query !== h.holder_id);
    expect(queries.some((h) => /[０-９]/.test(h.query))).toBe(true);
    expect(queries.some((h) => h.query.length === 15)).toBe(true);
    expect(queries.some((h) => h.query.includes(' '))).toBe(true);
    expect(a.manifest.holders.some((h) => h.certificates >= 2)).toBe(true);
  });

  it('puts every duplicate right after its original, in the same batch, with a later update time', () => {
    for (const d of a.manifest.departments) {
      const rows = sources.get(d.pipeline)!;
      const pipeline = readPipeline(a.dir, d.pipeline);
      const numberColumn = pipeline.mapping!.cert_number!;
      const stampColumn = pipeline.mapping!.source_updated_at!;
      for (const dup of d.defects.filter((x) => x.kind === 'duplicate')) {
        const i = dup.line - d.first_line;
        const [before, after] = [rows[i - 1]!.data!, rows[i]!.data!];
        expect(after[numberColumn]).toBe(before[numberColumn]);
        expect(Math.floor(i / BATCH)).toBe(Math.floor((i - 1) / BATCH));
        expect(String(after[stampColumn]) > String(before[stampColumn])).toBe(true);
        expect(after[dup.column!]).not.toEqual(before[dup.column!]);
      }
    }
  });

  it('writes a matter catalogue whose materials accept the generated certificate types', () => {
    const matters = readFileSync(path.join(a.dir, 'data/matters.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Matter);
    expect(matters.length).toBe(a.manifest.matters.count);
    expect(matters.length).toBeGreaterThanOrEqual(10);
    const types = new Set(readCertificateTypes(a.dir).map((t) => t.code));
    const accepted = new Set(matters.flatMap((m) => m.materials.flatMap((x) => x.accepted_cert_types)));
    expect([...accepted].sort()).toEqual([...types].sort());
    expect(matters.some((m) => m.materials.some((x) => x.accepted_cert_types.length === 0))).toBe(true);
    for (const m of matters) {
      expect(m.matter_code).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}[1-5][0-9A-Z]{2}[0-9]{2}[0-9A-Z]{5}[0-9]{3}$/);
      expect(m.matter_code.slice(0, 18)).toBe(m.dept_code);
      expect(m.matter_code.slice(21, 23)).toBe(m.matter_type);
      expect(checkUscc(m.dept_code).valid).toBe(true);
      expect(checkDivisionCode(m.division_code).valid).toBe(true);
    }
  });

  it('plants demo holders whose certificates give the recorded check outcomes', () => {
    const { demo } = a.manifest;
    expect(demo.full_holder.materials.every((m) => m.expected === 'satisfied')).toBe(true);
    expect(demo.partial_holder.materials.map((m) => m.expected).sort()).toEqual(['expired', 'missing', 'satisfied']);
    expect(demo.partial_holder.matter_code).toBe(demo.full_holder.matter_code);
    for (const c of Object.values(demo)) {
      for (const m of c.materials.filter((x) => x.certificate)) {
        const d = a.manifest.departments.find((x) => x.pipeline === m.certificate!.pipeline)!;
        const pipeline = readPipeline(a.dir, d.pipeline);
        const row = sources.get(d.pipeline)!.find((r) => r.data?.[pipeline.mapping!.cert_number!] === m.certificate!.cert_number);
        expect(row, `${c.holder_id} ${m.material_code}`).toBeDefined();
        expect(judged.get(d.pipeline)!.outcomes.get(row!.line)).toBe('loaded');
        expect(row!.data![pipeline.mapping!.holder_id!]).toBe(c.holder_id);
        const until = row!.data![pipeline.mapping!.valid_until ?? ''];
        if (m.expected === 'expired') expect(String(until) < TODAY).toBe(true);
        if (m.expected === 'satisfied' && typeof until === 'string' && /^\d{4}-/.test(until)) expect(until > TODAY).toBe(true);
      }
    }
  });
});
