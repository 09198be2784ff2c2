import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { base31, makeUscc } from '../../examples/generator/make-uscc.ts';

/** The dirty sample workspace, whose licences pipeline and settings these workspaces take. */
const DIRTY_WORKSPACE = path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'dirty-workspace');
const ISSUER = '11310104P3MPWH2J5W';
const HEADER = '证照编号,企业名称,统一社会信用代码,发证机关,发证机关代码,发证日期,有效期至,状态,更新时间';

/** The holder of the workspace's i-th licence. */
export function licenceHolder(i: number): string {
  return makeUscc('91', '110105', base31(i, 8));
}

function row(i: number): string {
  const holder = licenceHolder(i);
  const day = String((i % 28) + 1).padStart(2, '0');
  // Every 50th record has an impossible date (quarantined as invalid_date).
  const issued = i % 50 === 49 ? '2020-13-45' : `20${String(10 + (i % 10))}-0${(i % 9) + 1}-${day}`;
  const updated = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('T', ' ').slice(0, 19);
  return `YYZZ${String(i).padStart(8, '0')},企业${i}有限公司,${holder},市场监督管理局,${ISSUER},${issued},长期,有效,${updated}`;
}

/**
 * A one-pipeline workspace whose CSV holds `rows` business licences (every 50th one invalid,
 * every 101st line an exact repeat of the line before it), for runs long enough to stop midway.
 */
export function licenceWorkspace(rows: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-licences-'));
  mkdirSync(path.join(dir, 'pipelines'));
  mkdirSync(path.join(dir, 'data'));
  // The dirty workspace's licences pipeline and settings, reading UTF-8.
  copyFileSync(path.join(DIRTY_WORKSPACE, 'ecert.yaml'), path.join(dir, 'ecert.yaml'));
  const pipeline = readFileSync(path.join(DIRTY_WORKSPACE, 'pipelines', 'licences.yaml'), 'utf8');
  writeFileSync(path.join(dir, 'pipelines', 'licences.yaml'), pipeline.replace('encoding: gb18030', 'encoding: utf-8'));
  const lines = [HEADER];
  for (let i = 0; lines.length <= rows; i++) {
    lines.push(row(i));
    if (i % 101 === 100 && lines.length <= rows) lines.push(row(i));
  }
  writeFileSync(path.join(dir, 'data', 'licences.csv'), `${lines.join('\n')}\n`);
  return dir;
}
