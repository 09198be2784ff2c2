import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initSampleCsv } from '../../examples/init-sample.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { printLine } from '../print.ts';

const ECERT_YAML = `# Workspace settings for ecert-hub.
# Certificate types this hub knows; records of other types are quarantined (invalid_code).
certificate_types:
  - code: "scjg-yyzz"            # national catalogue code where one exists, else a local code
    name: 营业执照
    holder_kind: organisation     # organisation | person
# Quality report thresholds (percent of valid records).
quality:
  warn_below: 95
  fail_below: 80
`;

const EXAMPLE_PIPELINE = `# One pipeline per department feed. Run it with: ecert sync business-licences
name: business-licences            # unique, kebab-case; the file name should match
entity: certificate                # certificate | matter
source:
  connector: csv                   # csv | xlsx | jsonl | http | sql
  path: ./data/licences.csv        # relative to the workspace; init wrote a synthetic sample there
  encoding: gb18030                # utf-8 | gbk | gb18030
defaults:                          # constants for every record
  cert_type_code: "scjg-yyzz"
  holder_kind: organisation
mapping:                           # canonical field: source column
  cert_number: 证照编号
  holder_name: 企业名称
  holder_id: 统一社会信用代码
  issuer_name: 发证机关
  issuer_code: 发证机关代码
  issued_on: 发证日期
  valid_until: 有效期至
  status: 状态
  source_updated_at: 更新时间
# Columns not mapped above are kept as the certificate face (surface, 照面信息).
write_disposition: merge           # merge (history kept) | replace (full snapshot) | append (insert only)
on_invalid: quarantine             # quarantine | fail
max_invalid: 5%                    # a count, or a percentage of records read
# incremental:                     # re-read only what changed since the last run
#   cursor: [更新时间, 证照编号]
#   lag: 10m
# schedule: "*/30 * * * *"         # used by \`ecert schedule\`
# Secrets never go in YAML: write \${NAME} to read an environment variable.
`;

/**
 * Creates a workspace: ecert.yaml, pipelines/ with a commented example, and data/ with a small
 * synthetic file for it, so that the first `ecert sync --all` works before any department file
 * arrives. Never overwrites.
 */
export function init(dir: string, opts: { json?: boolean } = {}): string[] {
  const root = path.resolve(dir);
  const files: [string, string | Buffer][] = [
    [path.join(root, 'ecert.yaml'), ECERT_YAML],
    [path.join(root, 'pipelines', 'business-licences.yaml'), EXAMPLE_PIPELINE],
    [path.join(root, 'data', 'licences.csv'), initSampleCsv()],
  ];
  const clash = files.filter(([f]) => existsSync(f)).map(([f]) => f);
  if (clash.length > 0) throw new ExitError(EXIT_USAGE, `not overwriting existing files: ${clash.join(', ')}`);
  mkdirSync(path.join(root, 'pipelines'), { recursive: true });
  mkdirSync(path.join(root, 'data'), { recursive: true });
  for (const [f, text] of files) writeFileSync(f, text);
  const created = files.map(([f]) => path.relative(process.cwd(), f) || f);
  if (opts.json) process.stdout.write(`${JSON.stringify({ workspace: root, created })}\n`);
  else {
    printLine(`created workspace ${root}`);
    for (const f of created) printLine(`  ${f}`);
    const cd = path.relative(process.cwd(), root) === '' ? '' : `cd ${path.relative(process.cwd(), root)} && `;
    printLine(`data/licences.csv is a synthetic sample (GB18030, as the example pipeline declares): \`${cd}npx ecert sync --all\` loads it now;`);
    printLine('then put the department\'s own export in data/, adjust the mapping in pipelines/, and sync again');
  }
  return created;
}
