import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { PipelineDefinition } from '../../pipelines/definition.ts';
import { loadDefinitions } from '../../pipelines/load-definitions.ts';
import { usccCheck } from '../../schemas/formats/uscc.ts';
import { tempDir } from '../temp-dir.ts';

/** A one-pipeline workspace around a small hand-written licences CSV, for engine tests. */

export const today = new Date('2026-11-23T12:00:00+08:00');
export const TYPES = [{ code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' as const }];
export const ISSUER = '11310104P3MPWH2J5W';

export function uscc(n: number): string {
  const first17 = `91310104${String(n).padStart(9, '0')}`;
  return first17 + usccCheck(first17);
}

export interface Row {
  no: string;
  name: string;
  id: string;
  status?: string;
  until?: string;
  updated?: string;
}

export const HEADER = '证照编号,企业名称,统一社会信用代码,发证日期,有效期至,状态,更新时间';

export function csv(rows: Row[]): string {
  const lines = rows.map((r) => [r.no, r.name, r.id, '2020-01-02', r.until ?? '长期', r.status ?? '有效', r.updated ?? '2024-01-01 00:00:00'].join(','));
  return `${[HEADER, ...lines].join('\n')}\n`;
}

/** The licences pipeline; `source` replaces the lines of its `source:` block. */
export function pipelineYaml(extra = '', source = 'connector: csv\npath: ./data/licences.csv'): string {
  return `name: licences
entity: certificate
source:
${source.replace(/^(?=.)/gm, '  ')}
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
  source_updated_at: 更新时间
${extra}`;
}

export const rows = (n: number, from = 0): Row[] => Array.from({ length: n }, (_, i) => ({ no: `YYZZ${from + i}`, name: `公司${from + i}`, id: uscc(from + i) }));

export interface LicenceWorkspace {
  dir: string;
  pipeline: () => PipelineDefinition;
  /** Replaces the source file: rows as CSV, or raw text as given. */
  writeSource: (content: Row[] | string) => void;
  writePipeline: (extra: string) => void;
}

/** Makes workspaces in temp folders and removes them after the suite. */
export function licenceWorkspaces(): (rows: Row[], extra?: string) => LicenceWorkspace {
  const root = tempDir('engine');
  return (initial, extra = '') => {
    const dir = mkdtempSync(path.join(root, 'ws-'));
    mkdirSync(path.join(dir, 'pipelines'));
    mkdirSync(path.join(dir, 'data'));
    const ws: LicenceWorkspace = {
      dir,
      pipeline: () => {
        const loaded = loadDefinitions(path.join(dir, 'pipelines'));
        expect(loaded.errors).toEqual([]);
        return loaded.pipelines[0]!;
      },
      writeSource: (content) => writeFileSync(path.join(dir, 'data', 'licences.csv'), typeof content === 'string' ? content : csv(content)),
      writePipeline: (more) => writeFileSync(path.join(dir, 'pipelines', 'licences.yaml'), pipelineYaml(more)),
    };
    ws.writeSource(initial);
    ws.writePipeline(extra);
    return ws;
  };
}
