import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { base31, makeUscc } from '../../examples/generator/make-uscc.ts';

const ISSUER = '11310104P3MPWH2J5W';
const HEADER = '证照编号,企业名称,统一社会信用代码,发证机关,发证机关代码,发证日期,有效期至,状态,更新时间';

const PIPELINE = `name: licences
entity: certificate
source:
  connector: csv
  path: ./data/licences.csv
  encoding: utf-8
defaults:
  cert_type_code: "scjg-yyzz"
  holder_kind: organisation
mapping:
  cert_number: 证照编号
  holder_name: 企业名称
  holder_id: 统一社会信用代码
  issuer_name: 发证机关
  issuer_code: 发证机关代码
  issued_on: 发证日期
  valid_until: 有效期至
  status: 状态
  source_updated_at: 更新时间
write_disposition: merge
on_invalid: quarantine
max_invalid: 50%
`;

const SETTINGS = `certificate_types:
  - code: "scjg-yyzz"
    name: 营业执照
    holder_kind: organisation
`;

function row(i: number): string {
  const holder = makeUscc('91', '110105', base31(i, 8));
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
  writeFileSync(path.join(dir, 'ecert.yaml'), SETTINGS);
  writeFileSync(path.join(dir, 'pipelines', 'licences.yaml'), PIPELINE);
  const lines = [HEADER];
  for (let i = 0; lines.length <= rows; i++) {
    lines.push(row(i));
    if (i % 101 === 100 && lines.length <= rows) lines.push(row(i));
  }
  writeFileSync(path.join(dir, 'data', 'licences.csv'), `${lines.join('\n')}\n`);
  return dir;
}
