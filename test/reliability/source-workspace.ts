import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { PipelineDefinition } from '../../pipelines/definition.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { ISSUER } from '../pipelines/licence-workspace.ts';

/** The licence mapping every hostile source below is read with; the columns are the department's. */
export const MAPPED = ['证照编号', '企业名称', '统一社会信用代码', '发证日期', '有效期至', '状态'] as const;

export interface SourceSpec {
  connector: 'csv' | 'jsonl' | 'xlsx';
  /** The data file's name under data/. */
  file: string;
  /** Extra lines of the `source:` block (encoding, header_row, sheet). */
  source?: string;
  /** Extra top-level lines (max_invalid, write_disposition). */
  extra?: string;
}

/** The pipeline of a one-source workspace reading `data/<file>` into licences. */
export function pipelineYaml(spec: SourceSpec): string {
  return `name: hostile
entity: certificate
source:
  connector: ${spec.connector}
  path: ./data/${spec.file}
${(spec.source ?? '').replace(/^(?=.)/gm, '  ')}
defaults:
  cert_type_code: scjg-yyzz
  holder_kind: organisation
  issuer_code: "${ISSUER}"
mapping:
  cert_number: 证照编号
  holder_name: 企业名称
  holder_id: 统一社会信用代码
  issued_on: 发证日期
  valid_until: 有效期至
  status: 状态
max_invalid: 100%
${spec.extra ?? ''}`;
}

/** A workspace folder under `root` with one pipeline; returns the folder and the data file to write. */
export function sourceWorkspace(root: string, spec: SourceSpec): { dir: string; dataFile: string; pipeline: () => PipelineDefinition } {
  const dir = mkdtempSync(path.join(root, 'ws-'));
  mkdirSync(path.join(dir, 'pipelines'));
  mkdirSync(path.join(dir, 'data'));
  writeFileSync(path.join(dir, 'pipelines', 'hostile.yaml'), pipelineYaml(spec));
  return {
    dir,
    dataFile: path.join(dir, 'data', spec.file),
    pipeline: () => {
      const loaded = loadDefinitions(path.join(dir, 'pipelines'));
      expect(loaded.errors).toEqual([]);
      return loaded.pipelines[0]!;
    },
  };
}
