import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { init } from '../../cli/commands/init.ts';
import { ExitError } from '../../cli/exit-error.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { checkUscc } from '../../schemas/formats/uscc.ts';
import { tempDir } from '../temp-dir.ts';
import { captureStdout } from './capture-stdout.ts';

const root = tempDir('init');

describe('ecert init', () => {
  it('writes a sample the example pipeline reads: GB18030, its mapped columns, valid codes', async () => {
    const ws = path.join(root, 'hub');
    const { out } = await captureStdout(async () => init(ws, { json: true }));
    expect((JSON.parse(out) as { created: string[] }).created.map((f) => path.relative(ws, path.resolve(f)))).toEqual([
      'ecert.yaml',
      path.join('pipelines', 'business-licences.yaml'),
      path.join('data', 'licences.csv'),
    ]);
    const loaded = loadDefinitions(path.join(ws, 'pipelines'), {});
    expect(loaded.errors).toEqual([]);
    const [pipeline] = loaded.pipelines;
    expect(pipeline!.source).toMatchObject({ path: './data/licences.csv', encoding: 'gb18030' });

    const rows = parse(iconv.decode(readFileSync(path.join(ws, 'data', 'licences.csv')), 'gb18030'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      for (const column of Object.values(pipeline!.mapping!)) expect(row[column], column).toBeTruthy();
      for (const code of [row['统一社会信用代码']!, row['发证机关代码']!]) expect(checkUscc(code), code).toMatchObject({ valid: true, kind: 'uscc' });
      expect(checkUscc(row['统一社会信用代码']!).warnings).toBeUndefined();
    }
  });

  it('never overwrites: a second init in the same folder stops with exit 2', async () => {
    const ws = path.join(root, 'twice');
    await captureStdout(async () => init(ws, { json: true }));
    expect(() => init(ws)).toThrow(ExitError);
  });
});
