import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { PipelineDefinition } from '../../pipelines/definition.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { pipelineYaml } from '../pipelines/licence-workspace.ts';

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

/** The licences pipeline of a one-source workspace reading `data/<file>`, quarantining whatever it must. */
function sourcePipelineYaml(spec: SourceSpec): string {
  return pipelineYaml(`max_invalid: 100%\n${spec.extra ?? ''}`, `connector: ${spec.connector}\npath: ./data/${spec.file}\n${spec.source ?? ''}`);
}

/** A workspace folder under `root` with one pipeline; returns the folder and the data file to write. */
export function sourceWorkspace(root: string, spec: SourceSpec): { dir: string; dataFile: string; pipeline: () => PipelineDefinition } {
  const dir = mkdtempSync(path.join(root, 'ws-'));
  mkdirSync(path.join(dir, 'pipelines'));
  mkdirSync(path.join(dir, 'data'));
  writeFileSync(path.join(dir, 'pipelines', 'licences.yaml'), sourcePipelineYaml(spec));
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
