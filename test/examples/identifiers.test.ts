import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOrgCode } from '../../schemas/formats/org-code.ts';
import { checkResidentId } from '../../schemas/formats/resident-id.ts';
import { checkUscc } from '../../schemas/formats/uscc.ts';
import type { IdResult } from '../../schemas/formats/id-result.ts';
import type { DepartmentManifest } from '../../examples/generate.ts';
import { ALL_AUTHORITIES } from '../../examples/generator/authorities.ts';
import { checkDivisionCode } from '../../schemas/formats/division-code.ts';
import { judgeRows } from './judge-rows.ts';
import { readCertificateTypes, readPipeline, readSource, type PipelineFile, type SourceRow } from './read-workspace.ts';
import { generatedWorkspace, TODAY } from './workspace-fixture.ts';

const today = new Date(`${TODAY}T12:00:00+08:00`);

interface Department {
  manifest: DepartmentManifest;
  pipeline: PipelineFile;
  rows: SourceRow[];
}

function check(kind: string, value: string): IdResult {
  return kind === 'person' ? checkResidentId(value, today) : checkUscc(value);
}

describe('generated identifiers', () => {
  let w: Awaited<ReturnType<typeof generatedWorkspace>>;
  const departments: Department[] = [];

  beforeAll(async () => {
    w = await generatedWorkspace(2000, 11);
    for (const manifest of w.manifest.departments) {
      const pipeline = readPipeline(w.dir, manifest.pipeline);
      departments.push({ manifest, pipeline, rows: await readSource(w.dir, pipeline) });
    }
  });
  afterAll(() => w?.dispose());

  it('holder ids the manifest does not mark defective pass their check after normalising, with no warnings', () => {
    let checked = 0;
    for (const { manifest, pipeline, rows } of departments) {
      const spoilt = new Set(manifest.defects.filter((d) => d.reason !== null && d.reason !== 'missing_field').map((d) => d.line));
      for (const row of rows) {
        if (spoilt.has(row.line) || !row.data) continue;
        const value = String(row.data[pipeline.mapping!.holder_id!]);
        const result = check(manifest.holder_kind, value);
        expect(result.valid, `${manifest.pipeline} line ${row.line}: ${value}`).toBe(true);
        expect(result.warnings, value).toBeUndefined();
        if (manifest.holder_kind === 'organisation') expect(checkOrgCode(result.normalised.slice(8, 17)).valid).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('every bad_check_digit defect fails only its check digit, every wrong_length defect its length', () => {
    let seen = 0;
    for (const { manifest, pipeline, rows } of departments) {
      const byLine = new Map(rows.map((r) => [r.line, r]));
      for (const d of manifest.defects.filter((x) => x.kind === 'bad_check_digit' || x.kind === 'wrong_length')) {
        const value = String(byLine.get(d.line)!.data![pipeline.mapping!.holder_id!]);
        expect(value).toBe(d.value);
        expect(check(manifest.holder_kind, value).reason, `${manifest.pipeline} line ${d.line}: ${value}`).toBe(d.kind === 'bad_check_digit' ? 'checksum' : 'length');
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(20);
  });

  it('issuer codes, in columns or pipeline defaults, are valid authority USCCs', () => {
    for (const { pipeline, rows } of departments) {
      const column = pipeline.mapping!.issuer_code;
      const codes = new Set(column ? rows.map((r) => String(r.data?.[column] ?? '')).filter(Boolean) : [pipeline.defaults!.issuer_code!]);
      for (const code of codes) {
        expect(checkUscc(code).valid && checkUscc(code).warnings === undefined, code).toBe(true);
        expect(code.startsWith('11'), code).toBe(true);
      }
    }
  });

  it('authorities have distinct valid 机关 USCCs registered in real divisions', () => {
    expect(new Set(ALL_AUTHORITIES.map((a) => a.code)).size).toBe(ALL_AUTHORITIES.length);
    for (const a of ALL_AUTHORITIES) {
      expect(checkUscc(a.code), a.name).toEqual({ valid: true, normalised: a.code, kind: 'uscc' });
      expect(a.code.slice(2, 8)).toBe(a.division);
      expect(checkDivisionCode(a.division).valid, a.division).toBe(true);
    }
  });

  it('spouse ids on marriage certificates are valid resident ids of the other sex', () => {
    const { rows } = departments.find((d) => d.manifest.pipeline === 'mz-marriage-registrations')!;
    for (const row of rows) {
      const id = String(row.data!['配偶身份证件号码']);
      expect(checkResidentId(id, today).valid, id).toBe(true);
      expect(Number(id[16]) % 2 === 1 ? '男' : '女').toBe(row.data!['配偶性别']);
    }
  });

  it('only the planned shared and demo holders hold more than one certificate', () => {
    const types = readCertificateTypes(w.dir);
    const counts = new Map<string, number>();
    for (const { pipeline, rows } of departments) {
      for (const [id, n] of judgeRows(rows, pipeline, types, today, w.manifest.batch_size).holders) counts.set(id, (counts.get(id) ?? 0) + n);
    }
    const planned = new Map(w.manifest.holders.map((h) => [h.holder_id, h.certificates]));
    const several = [...counts].filter(([, n]) => n > 1);
    expect(several.length).toBeGreaterThan(5);
    for (const [id, n] of several) expect(planned.get(id), id).toBe(n);
  });
});
