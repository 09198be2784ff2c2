import certificateSchema from '../schemas/certificate.schema.json' with { type: 'json' };
import matterSchema from '../schemas/matter.schema.json' with { type: 'json' };
import type { PipelineDefinition } from './definition.ts';
import { parseDuration } from '../core/parse-duration.ts';
import { scheduleCron } from './schedule-cron.ts';

export interface RuleProblem {
  level: 'error' | 'warning';
  path: string;
  message: string;
}

type Rule = (p: PipelineDefinition) => RuleProblem[];

/** Fields the normaliser fills in itself, so a pipeline need not map them. */
const INFERRED = new Set(['holder_kind', 'holder_id_type']);

function schemaFields(entity: PipelineDefinition['entity']): { fields: string[]; required: string[] } {
  const schema = (entity === 'certificate' ? certificateSchema : matterSchema) as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  return { fields: Object.keys(schema.properties), required: schema.required ?? [] };
}

const mappingTargetsAreCanonical: Rule = (p) => {
  if (!p.mapping) return [];
  const { fields } = schemaFields(p.entity);
  return Object.keys(p.mapping)
    .filter((k) => !fields.includes(k))
    .map((k) => ({ level: 'error', path: `mapping.${k}`, message: `"${k}" is not a ${p.entity} field; known fields: ${fields.join(', ')}` }));
};

const defaultsAreCanonical: Rule = (p) => {
  const { fields } = schemaFields(p.entity);
  return Object.keys(p.defaults)
    .filter((k) => !fields.includes(k))
    .map((k) => ({ level: 'error', path: `defaults.${k}`, message: `"${k}" is not a ${p.entity} field` }));
};

const requiredFieldsHaveASource: Rule = (p) => {
  if (!p.mapping) return [];
  const mapping = p.mapping;
  const { required } = schemaFields(p.entity);
  return required
    .filter((f) => !INFERRED.has(f) && mapping[f] === undefined && p.defaults[f] === undefined)
    .map((f) => ({
      level: 'error',
      path: 'mapping',
      message: `required field "${f}" is neither mapped nor given in defaults, so every record would be quarantined`,
    }));
};

const replaceIsAFullSnapshot: Rule = (p) =>
  p.write_disposition === 'replace' && p.incremental
    ? [{ level: 'error', path: 'incremental', message: 'write_disposition "replace" reads a full snapshot and cannot be incremental' }]
    : [];

const lagIsADuration: Rule = (p) => {
  const lag = p.incremental?.lag;
  if (lag === undefined || parseDuration(lag) !== undefined) return [];
  return [{ level: 'error', path: 'incremental.lag', message: `"${lag}" is not a duration like 30s, 10m, 2h or 1d` }];
};

const budgetsAreSane: Rule = (p) =>
  (['max_invalid', 'max_cancel'] as const)
    .filter((key) => {
      const budget = p[key];
      return budget !== undefined && 'percent' in budget && !(budget.percent >= 0 && budget.percent <= 100);
    })
    .map((key) => ({ level: 'error', path: key, message: 'a percentage must be between 0% and 100%' }));

const timezoneIsKnown: Rule = (p) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: p.timezone });
    return [];
  } catch {
    return [{ level: 'error', path: 'timezone', message: `"${p.timezone}" is not an IANA time zone like Asia/Shanghai` }];
  }
};

const scheduleIsCron: Rule = (p) => {
  if (p.schedule === undefined) return [];
  try {
    scheduleCron(p.schedule, 'UTC');
    return [];
  } catch (err) {
    return [{ level: 'error', path: 'schedule', message: `"${p.schedule}" is not a cron expression: ${err instanceof Error ? err.message : String(err)}` }];
  }
};

const statusMapOnlyForCertificates: Rule = (p) =>
  p.status_map && p.entity !== 'certificate'
    ? [{ level: 'warning', path: 'status_map', message: 'status_map only applies to certificate pipelines' }]
    : [];

const valueMapsNameCanonicalFields: Rule = (p) => {
  const { fields } = schemaFields(p.entity);
  return Object.keys(p.value_maps ?? {}).flatMap((k): RuleProblem[] => {
    if (!fields.includes(k)) return [{ level: 'error', path: `value_maps.${k}`, message: `"${k}" is not a ${p.entity} field; known fields: ${fields.join(', ')}` }];
    if (p.mapping && p.mapping[k] === undefined && p.defaults[k] === undefined) {
      return [{ level: 'warning', path: `value_maps.${k}`, message: `no mapping or default fills "${k}", so this value map is never used` }];
    }
    return [];
  });
};

export const definitionRules: Rule[] = [
  mappingTargetsAreCanonical,
  defaultsAreCanonical,
  requiredFieldsHaveASource,
  replaceIsAFullSnapshot,
  lagIsADuration,
  budgetsAreSane,
  timezoneIsKnown,
  scheduleIsCron,
  statusMapOnlyForCertificates,
  valueMapsNameCanonicalFields,
];
