import { stringify } from 'yaml';
import type { CertificateType } from '../../schemas/types.ts';
import type { DepartmentSpec } from './department-spec.ts';

const YAML_OPTIONS = { lineWidth: 0 } as const;

/** ecert.yaml: the certificate types the hub knows and the quality report thresholds. */
export function ecertYaml(types: readonly CertificateType[]): string {
  return stringify({ certificate_types: types.map((t) => ({ code: t.code, name: t.name, holder_kind: t.holder_kind })), quality: { warn_below: 95, fail_below: 80 } }, YAML_OPTIONS);
}

function source(spec: DepartmentSpec): Record<string, unknown> {
  const path = `./${spec.file}`;
  if (spec.format === 'xlsx') return { connector: 'xlsx', path, sheet: spec.sheet, header_row: spec.title === undefined ? 1 : 2 };
  if (spec.format === 'csv') return { connector: 'csv', path, encoding: spec.encoding };
  return { connector: 'jsonl', path };
}

/** pipelines/<name>.yaml of a department, in the layout of the sample workspace. */
export function pipelineYaml(spec: DepartmentSpec): string {
  const defaults: Record<string, string> = { cert_type_code: spec.certType.code, holder_kind: spec.certType.holder_kind };
  if (spec.fixedIssuer) {
    defaults.issuer_code = spec.fixedIssuer.code;
    defaults.issuer_name = spec.fixedIssuer.name;
  }
  return stringify(
    {
      name: spec.pipeline,
      entity: 'certificate',
      source: source(spec),
      defaults,
      mapping: { ...spec.columns },
      write_disposition: 'merge',
      on_invalid: 'quarantine',
      max_invalid: '50%',
    },
    YAML_OPTIONS,
  );
}

export const MATTERS_PIPELINE = 'matters';
export const MATTERS_FILE = 'data/matters.jsonl';

export function mattersPipelineYaml(): string {
  return stringify(
    { name: MATTERS_PIPELINE, entity: 'matter', source: { connector: 'jsonl', path: `./${MATTERS_FILE}` }, write_disposition: 'merge', on_invalid: 'quarantine' },
    YAML_OPTIONS,
  );
}
