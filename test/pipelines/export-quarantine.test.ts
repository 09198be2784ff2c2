import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { exportQuarantine } from '../../pipelines/export-quarantine.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { forEachTarget } from '../setup.ts';
import { tempDir } from '../temp-dir.ts';

const dir = tempDir('quarantine-export');

/** Cell text a spreadsheet would run as a formula, and what the export must write instead. */
const ATTACKS: [string, string][] = [
  ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
  ['+1+1', "'+1+1"],
  ['-2+3', "'-2+3"],
  ['@SUM(1)', "'@SUM(1)"],
  ['\t=1+1', "'\t=1+1"],
  ['\r=1+1', "'\r=1+1"],
  ['普通公司\n第二行', '普通公司\n第二行'],
];

function workspace(): string {
  const ws = mkdtempSync(path.join(dir, 'ws-'));
  mkdirSync(path.join(ws, 'pipelines'));
  mkdirSync(path.join(ws, 'data'));
  writeFileSync(
    path.join(ws, 'pipelines', 'licences.yaml'),
    'name: licences\nentity: certificate\nsource:\n  connector: jsonl\n  path: ./data/licences.jsonl\non_invalid: quarantine\nmax_invalid: 100%\n',
  );
  // No issued_on: every record is quarantined (missing_field) with its payload as received.
  const records = ATTACKS.map(([name], i) => ({ cert_type_code: 'scjg-yyzz', cert_number: `Q${i}`, issuer_code: '11310104P3MPWH2J5W', holder_name: name, holder_id: name, status: 'valid' }));
  writeFileSync(path.join(ws, 'data', 'licences.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
  return ws;
}

forEachTarget('quarantine export', (getCatalog) => {
  it('writes a CSV in which no cell can run as a formula', async () => {
    const db = getCatalog().db;
    const ws = workspace();
    const [pipeline] = loadDefinitions(path.join(ws, 'pipelines')).pipelines;
    if (pipeline === undefined) throw new Error('pipeline did not load');
    const run = await runPipeline(pipeline, { db, workspace: ws, batchSize: 100, certificateTypes: [] });
    expect(run.quarantined).toBe(ATTACKS.length);

    const out = path.join(ws, 'back.csv');
    expect(await exportQuarantine(db, { format: 'csv', out, pipeline: 'licences' })).toBe(ATTACKS.length);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    const nameAt = header!.indexOf('holder_name');
    const idAt = header!.indexOf('holder_id');
    expect(rows.map((r) => r[nameAt])).toEqual(ATTACKS.map(([, safe]) => safe));
    expect(rows.map((r) => r[idAt])).toEqual(ATTACKS.map(([, safe]) => safe));
    expect(rows.map((r) => r[header!.indexOf('reason')])).toEqual(ATTACKS.map(() => 'missing_field'));
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const jsonl = path.join(ws, 'back.jsonl');
    expect(await exportQuarantine(db, { format: 'jsonl', out: jsonl, pipeline: 'licences' })).toBe(ATTACKS.length);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { raw: { holder_name: string } });
    expect(lines.map((l) => l.raw.holder_name)).toEqual(ATTACKS.map(([name]) => name));
  });
});
