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

const CSV_PIPELINE = `name: licences
entity: certificate
source:
  connector: csv
  path: ./data/licences.csv
  encodng: gb18030
  header_row: 1
shedule: "*/30 * * * *"
incremental:
  cursor: 更新时间
  lagg: 10m
retention:
  days: 30
`;

describe('loadDefinitions: keys no connector or command reads', () => {
  it('are errors naming file, line and key, with the known key they are closest to', () => {
    const dir = pipelinesWith('licences.yaml', CSV_PIPELINE);
    const loaded = loadDefinitions(dir, {});
    expect(loaded.pipelines).toEqual([]);
    const file = path.join(dir, 'licences.yaml');
    expect(loaded.errors).toEqual(
      expect.arrayContaining([
        { file, line: 8, path: 'shedule', message: 'is not a field of this schema; did you mean "schedule"?' },
        { file, line: 11, path: 'incremental.lagg', message: 'is not a field of this schema; did you mean "lag"?' },
        { file, line: 12, path: 'retention', message: 'is not a field of this schema' },
      ]),
    );
  });

  it('in a connector\'s source block are errors too', () => {
    const dir = pipelinesWith('licences.yaml', CSV_PIPELINE.replace(/^shedule.*\n|^incremental:\n.*\n.*\n|^retention:\n.*\n/gm, ''));
    const loaded = loadDefinitions(dir, {});
    expect(loaded.errors).toEqual([
      { file: path.join(dir, 'licences.yaml'), line: 6, path: 'source.encodng', message: 'is not a field of this schema; did you mean "encoding"?' },
    ]);
  });
});
