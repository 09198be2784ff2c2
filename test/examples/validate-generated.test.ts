import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import certificateSchema from '../../schemas/certificate.schema.json' with { type: 'json' };
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { mapRecord } from '../../pipelines/steps/map.ts';
import { runCli } from '../cli/run-cli.ts';
import { generatedWorkspace } from './workspace-fixture.ts';

const FIELDS = new Set(Object.keys(certificateSchema.properties));

describe('ecert validate on generated department data', () => {
  let ws: Awaited<ReturnType<typeof generatedWorkspace>>;
  beforeAll(async () => {
    ws = await generatedWorkspace(4000, 5);
  });
  afterAll(() => ws.dispose());

  it('reports exactly the rows the manifest lists as invalid, with their reason codes, and no others', () => {
    const dept = ws.manifest.departments.find((d) => d.format === 'jsonl')!;
    const pipeline = loadDefinitions(path.join(ws.dir, 'pipelines')).pipelines.find((p) => p.name === dept.pipeline)!;
    // The department's export in the standard (canonical) format, as a department sending the standard would write it.
    const canonical = readFileSync(path.join(ws.dir, dept.file), 'utf8')
      .split('\n')
      .filter((line, i, all) => line !== '' || i < all.length - 1)
      .map((line) => {
        try {
          return JSON.stringify(mapRecord(JSON.parse(line) as Record<string, unknown>, pipeline, FIELDS));
        } catch {
          return line;
        }
      });
    const file = path.join(ws.dir, 'canonical.jsonl');
    writeFileSync(file, `${canonical.join('\n')}\n`);

    const r = runCli(['validate', '--schema', 'certificate', '--json', '-w', ws.dir, file]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { valid: number; invalid: number; errors: { line: number; code: string }[] };
    const reported = new Map(report.errors.map((e) => [e.line, e.code]));
    const expected = new Map(dept.defects.filter((d) => d.outcome === 'quarantined').map((d) => [d.line, d.reason]));
    expect(expected.size).toBeGreaterThan(10);
    expect(reported).toEqual(expected);
    expect(report.invalid).toBe(expected.size);
    expect(report.valid + report.invalid).toBe(dept.read);
  });
});
