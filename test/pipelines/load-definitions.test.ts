import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { tempDir } from '../temp-dir.ts';

const root = tempDir('load-definitions');

/** A pipelines folder holding one file with the given text. */
function pipelinesWith(file: string, text: string): string {
  const dir = path.join(mkdtempSync(path.join(root, 'ws-')), 'pipelines');
  mkdirSync(dir);
  writeFileSync(path.join(dir, file), text);
  return dir;
}

const HTTP_PIPELINE = `# Secrets never go in YAML: write \${NAME} to read an environment variable.
name: dept-api
entity: certificate
source:
  connector: http
  url: \${DEPT_URL}/licences   # e.g. \${DEPT_URL} = https://dept.example
  headers:
    Authorization: "Bearer \${DEPT_TOKEN}"
  records_path: data.items
  pagination: { type: page, page_param: page, size_param: size, size: 500 }
`;

describe('loadDefinitions: ${NAME} in pipeline files', () => {
  it('reads environment variables in values only, never in comments', () => {
    const dir = pipelinesWith('dept-api.yaml', HTTP_PIPELINE);
    const loaded = loadDefinitions(dir, { DEPT_URL: 'https://dept.example/api', DEPT_TOKEN: 's3cret' });
    expect(loaded.errors).toEqual([]);
    expect(loaded.pipelines[0]!.source).toMatchObject({
      url: 'https://dept.example/api/licences',
      headers: { Authorization: 'Bearer s3cret' },
    });
  });

  it('keeps a value that holds YAML syntax as it is', () => {
    const dir = pipelinesWith('dept-api.yaml', HTTP_PIPELINE);
    const loaded = loadDefinitions(dir, { DEPT_URL: 'https://dept.example/a #b: [c', DEPT_TOKEN: '"x' });
    expect(loaded.errors).toEqual([]);
    expect(loaded.pipelines[0]!.source).toMatchObject({ url: 'https://dept.example/a #b: [c/licences', headers: { Authorization: 'Bearer "x' } });
  });

  it('names the file, line and field of a value whose variable is not set', () => {
    const dir = pipelinesWith('dept-api.yaml', HTTP_PIPELINE);
    const loaded = loadDefinitions(dir, { DEPT_URL: 'https://dept.example/api' });
    expect(loaded.pipelines).toEqual([]);
    expect(loaded.errors).toEqual([
      { file: path.join(dir, 'dept-api.yaml'), line: 8, path: 'source.headers.Authorization', message: 'environment variable ${DEPT_TOKEN} is not set' },
    ]);
  });
});
