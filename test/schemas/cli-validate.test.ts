import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';

const SAMPLE_PIPELINE = path.join(import.meta.dirname, '..', 'fixtures', 'dirty-workspace', 'pipelines', 'licences.yaml');
const dir = mkdtempSync(path.join(tmpdir(), 'ecert-validate-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

const ecert = (...args: string[]) => runCli(args, { cwd: dir });

const licence = {
  cert_type_code: 'scjg-yyzz',
  cert_number: 'YYZZ00000001',
  issuer_code: '11220000013544541J',
  holder_kind: 'organisation',
  holder_id: ' 9133 0106 q5gx 3ul9 24',
  holder_name: '庐陵建材有限公司',
  issued_on: '2020/5/10',
  valid_until: '长期',
  status: '有效',
};

describe('ecert validate', () => {
  it('exits 0 when every record is valid (JSON array, normalised first)', () => {
    const f = file('ok.json', JSON.stringify([licence, { ...licence, cert_number: 'YYZZ00000002', holder_kind: undefined }]));
    const r = ecert('validate', '--schema', 'certificate', f);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 valid, 0 invalid');
  });

  it('exits 1 and reports each bad record with its line, path, code and message (JSONL, --json)', () => {
    const lines = [
      JSON.stringify(licence),
      JSON.stringify({ ...licence, holder_id: '91330106Q5GX3UL925', status: '未知' }),
      '{"cert_number": ',
      '',
      JSON.stringify({ ...licence, status: '作废?' }),
    ];
    const f = file('mixed.jsonl', lines.join('\n'));
    const r = ecert('validate', '--schema', 'certificate', f, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { valid: number; invalid: number; errors: { line: number; path: string; code: string; message: string }[] };
    expect(report).toMatchObject({ valid: 1, invalid: 3 });
    expect(report.errors).toEqual([
      { line: 2, path: '/holder_id', code: 'invalid_identifier', message: '统一社会信用代码 holder_id: check character should be 4, found 5, unless another character was mistyped (checksum)' },
      { line: 3, path: '', code: 'parse_error', message: expect.stringContaining('not valid JSON') },
      { line: 5, path: '/status', code: 'invalid_code', message: expect.stringContaining('证照状态 status') },
    ]);
  });

  it('judges a canonical file as a sync of it would: other keys are face fields (surface), a non-object is unreadable', () => {
    const f = file('as-sync.json', JSON.stringify([{ ...licence, 注册资本: '100万元' }, 5]));
    const r = ecert('validate', '--schema', 'certificate', f, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      valid: 1,
      invalid: 1,
      errors: [{ line: 2, path: '', code: 'parse_error', message: 'expected a JSON object, got number' }],
      warnings: [],
    });
  });

  it('prints one line per error for people', () => {
    const f = file('one-bad.json', JSON.stringify([licence, { ...licence, issued_on: '2021-02-30' }]));
    const r = ecert('validate', '--schema', 'certificate', f);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${f}:2\t/issued_on\tinvalid_date\t发证日期 issued_on:`);
    expect(r.stdout).toContain('1 valid, 1 invalid');
  });

  it('checks certificate types against the workspace given with -w', () => {
    const workspace = path.join(dir, 'workspace');
    mkdirSync(workspace);
    writeFileSync(path.join(workspace, 'ecert.yaml'), 'certificate_types:\n  - code: scjg-yyzz\n    name: 营业执照\n    holder_kind: organisation\n');
    const f = file('types.json', JSON.stringify({ ...licence, cert_type_code: 'wj-xkz' }));
    const r = ecert('validate', '--schema', 'certificate', f, '--json', '-w', workspace);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ errors: [{ line: 1, path: '/cert_type_code', code: 'invalid_code' }] });
    expect(ecert('validate', '--schema', 'certificate', f).code).toBe(0);
  });

  it('validates matters', () => {
    const matter = {
      matter_code: '113608230H6NLNHD6P4360117002000',
      name: '食品经营许可',
      matter_type: '行政许可',
      dept_code: '113608230H6NLNHD6P',
      division_code: '吉安市峡江县',
      materials: [{ material_code: 'M01', name: '营业执照', required: '是', accepted_cert_types: ['scjg-yyzz'] }],
    };
    const f = file('matters.jsonl', `${JSON.stringify(matter)}\n${JSON.stringify({ ...matter, dept_code: '' })}\n`);
    const r = ecert('validate', '--schema', 'matter', f, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: 1, invalid: 1, errors: [{ line: 2, path: '/dept_code', code: 'missing_field' }] });
  });

  it('accepts a sample pipeline and rejects a broken one with YAML line numbers', () => {
    expect(ecert('validate', '--schema', 'pipeline', SAMPLE_PIPELINE).code).toBe(0);
    const f = file('broken.yaml', 'name: Licences\nentity: certificate\nsource:\n  path: ./data/licences.csv\nmax_invalid: 150%\n');
    const r = ecert('validate', '--schema', 'pipeline', f, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { valid: number; invalid: number; errors: { line: number; path: string; code: string }[] };
    expect(report).toMatchObject({ valid: 0, invalid: 1 });
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 1, path: '/name', code: 'invalid_value' }),
        expect.objectContaining({ line: 5, path: '/max_invalid', code: 'invalid_value' }),
        expect.objectContaining({ path: '/source/connector', code: 'invalid_value' }),
      ]),
    );
  });

  it('reports unreadable YAML as parse_error', () => {
    const f = file('garbled.yaml', 'name: [unclosed\n');
    const r = ecert('validate', '--schema', 'pipeline', f, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ invalid: 1, errors: [{ code: 'parse_error' }] });
  });

  it.each([
    [['validate', '--schema', 'licence', 'x.json'], 'HUB_ERR_SCHEMA_UNKNOWN'],
    [['validate', '--schema', 'certificate', 'no-such-file.json'], 'HUB_ERR_FILE_NOT_FOUND'],
    [['validate', 'x.json'], 'no schema given for x.json; use either --schema <name> <file> or --pipeline <name>'],
    [['validate', '--schema', 'certificate'], '--schema needs the file to check'],
    [['validate', '--schema', 'certificate', '--pipeline', 'licences', 'x.json'], '--schema and --pipeline cannot be used together'],
    [['validate', '--pipeline', 'licences', 'x.json'], "--pipeline reads the pipeline's own source, not x.json"],
  ])('exits 2 on bad usage: %j', (args, message) => {
    const r = ecert(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
