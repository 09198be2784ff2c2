import path from 'node:path';
import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import jsonl, { type JsonlConfig } from '../../../connectors/jsonl/index.ts';
import { checkCompliance, readRecords, testContext } from '../compliance.ts';
import { tempWorkspace } from '../temp-workspace.ts';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'dirty-workspace');
const ws = tempWorkspace();

async function fileRecords(name: string, content: string | Buffer, config: Partial<JsonlConfig> = {}) {
  const path = await ws.write(name, content);
  return readRecords(jsonl, { connector: 'jsonl', path, ...config }, testContext(ws.dir()));
}

describe('jsonl connector', () => {
  it('meets the connector contract on the sample qualifications.jsonl', async () => {
    await checkCompliance({
      connector: jsonl,
      config: { connector: 'jsonl', path: './data/qualifications.jsonl' },
      missingFileConfig: { connector: 'jsonl', path: './data/missing.jsonl' },
      workspace: SAMPLES,
      rows: 250,
      batchSize: 40,
    });
  });

  it('keeps the 3 truncated sample lines as error records with their text', async () => {
    const records = await readRecords(jsonl, { connector: 'jsonl', path: './data/qualifications.jsonl' }, testContext(SAMPLES));
    const lines = (await readFile(`${SAMPLES}/data/qualifications.jsonl`, 'utf8')).split('\n');
    const errors = records.filter((r) => r.error);
    expect(errors.map((r) => r.line)).toEqual([44, 121, 132]);
    for (const r of errors) {
      expect(r.text).toBe(lines[r.line - 1]);
      expect(r.error).toMatch(/JSON/);
      expect(r.data).toBeUndefined();
    }
    expect(records[0]).toEqual({
      line: 1,
      data: {
        证书编号: 'ZG0000000',
        姓名: '侯平永',
        身份证号: '230301880319400',
        发证日期: '2010-01-03',
        有效期: '永久',
        状态: '有效',
        专业: '医师',
        更新时间: '2024-03-01T00:00:00',
      },
    });
  });

  it('passes nested objects through (sample matters.jsonl)', async () => {
    const records = await readRecords(jsonl, { connector: 'jsonl', path: './data/matters.jsonl' }, testContext(SAMPLES));
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]?.data?.['materials']).toEqual(expect.arrayContaining([expect.objectContaining({ material_code: 'M01' })]));
  });

  it('skips blank lines, keeps line numbers, reads CRLF and a last line without a newline', async () => {
    const records = await fileRecords('blank.jsonl', '{"a":1}\r\n\r\n   \r\n{"a":2}\r\n{"a":3}');
    expect(records).toEqual([
      { line: 1, data: { a: 1 } },
      { line: 4, data: { a: 2 } },
      { line: 5, data: { a: 3 } },
    ]);
  });

  it('marks lines that are valid JSON but not an object', async () => {
    const records = await fileRecords('not-objects.jsonl', '[1,2]\n42\nnull\n"x"\n{"ok":true}\n');
    expect(records).toEqual([
      { line: 1, text: '[1,2]', error: 'expected a JSON object, got an array' },
      { line: 2, text: '42', error: 'expected a JSON object, got number' },
      { line: 3, text: 'null', error: 'expected a JSON object, got null' },
      { line: 4, text: '"x"', error: 'expected a JSON object, got string' },
      { line: 5, data: { ok: true } },
    ]);
  });

  it('decodes GB18030 with a BOM, and marks undecodable lines', async () => {
    const gb = iconv.encode('\uFEFF{"姓名":"𠮷祥"}\n{"姓名":"潘敏"}\n', 'gb18030');
    expect(await fileRecords('gb.jsonl', gb, { encoding: 'gb18030' })).toEqual([
      { line: 1, data: { 姓名: '𠮷祥' } },
      { line: 2, data: { 姓名: '潘敏' } },
    ]);
    const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"a":"ok"}\n')]);
    expect(await fileRecords('bad-utf8.jsonl', bad)).toEqual([
      { line: 1, text: '{"a":"\uFFFD("}', error: 'undecodable bytes for encoding utf-8' },
      { line: 2, data: { a: 'ok' } },
    ]);
  });
});
