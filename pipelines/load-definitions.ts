import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isCollection } from 'yaml';
import { HubError } from '../core/errors.ts';
import { parseYamlWithLines } from '../core/parse-yaml-with-lines.ts';
import { substituteEnvInYaml } from '../core/substitute-env-in-yaml.ts';
import { getConnector } from '../connectors/index.ts';
import { ajv, validators } from '../schemas/ajv.ts';
import { type SchemaErrorLike, schemaErrorParts } from '../schemas/describe-schema-error.ts';
import { unknownKeyHint } from '../schemas/unknown-key-hint.ts';
import type { Budget, DefinitionProblem, PipelineDefinition } from './definition.ts';
import { definitionRules } from './definition-rules.ts';
import { resolveValueMaps } from './resolve-value-maps.ts';

export interface LoadedDefinitions {
  pipelines: PipelineDefinition[];
  errors: DefinitionProblem[];
  warnings: DefinitionProblem[];
}

const DEFAULT_MAX_CANCEL: Budget = { percent: 10 };
const DEFAULT_TIMEZONE = 'Asia/Shanghai';

function parseBudget(value: unknown): Budget | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return { count: value };
  const text = String(value).trim();
  return text.endsWith('%') ? { percent: Number(text.slice(0, -1)) } : { count: Number(text) };
}

function toDefinition(data: Record<string, unknown>, file: string): PipelineDefinition {
  const incremental = data.incremental as { cursor: string | string[]; lag?: string } | undefined;
  return {
    name: String(data.name),
    entity: data.entity as PipelineDefinition['entity'],
    source: data.source as PipelineDefinition['source'],
    defaults: (data.defaults as Record<string, unknown> | undefined) ?? {},
    mapping: data.mapping as Record<string, string> | undefined,
    incremental: incremental
      ? { cursor: Array.isArray(incremental.cursor) ? incremental.cursor : [incremental.cursor], lag: incremental.lag }
      : undefined,
    write_disposition: (data.write_disposition as PipelineDefinition['write_disposition'] | undefined) ?? 'merge',
    on_invalid: (data.on_invalid as PipelineDefinition['on_invalid'] | undefined) ?? 'quarantine',
    max_invalid: parseBudget(data.max_invalid),
    max_cancel: parseBudget(data.max_cancel) ?? DEFAULT_MAX_CANCEL,
    priority: (data.priority as number | undefined) ?? 0,
    schedule: data.schedule as string | undefined,
    timezone: (data.timezone as string | undefined) ?? DEFAULT_TIMEZONE,
    retries: (data.retries as number | undefined) ?? 0,
    identifier_check: (data.identifier_check as PipelineDefinition['identifier_check'] | undefined) ?? 'strict',
    status_map: data.status_map as PipelineDefinition['status_map'],
    value_maps: undefined,
    require_valid_until: (data.require_valid_until as boolean | undefined) ?? false,
    file,
  };
}

/** Parses and checks one pipeline file. Problems come back as data, each with file, line and dotted path. */
function loadDefinitionFile(file: string, workspace: string, env: NodeJS.ProcessEnv = process.env): LoadedDefinitions {
  const errors: DefinitionProblem[] = [];
  const warnings: DefinitionProblem[] = [];
  const { doc, errors: syntax, lineAt, keyLineAt } = parseYamlWithLines(readFileSync(file, 'utf8'));
  if (syntax.length > 0) {
    for (const e of syntax) errors.push({ file, line: e.line, path: '', message: e.message });
    return { pipelines: [], errors, warnings };
  }
  if (!isCollection(doc.contents)) {
    errors.push({ file, line: 1, path: '', message: 'a pipeline file must hold a mapping of keys (name, entity, source, …)' });
    return { pipelines: [], errors, warnings };
  }
  const at = (p: string, message: string): DefinitionProblem => ({ file, line: lineAt(p === '' ? [] : p.split('.')), path: p, message });
  const missing = substituteEnvInYaml(doc, env);
  if (missing.length > 0) {
    for (const { name, keys } of missing) errors.push({ file, line: lineAt(keys), path: keys.join('.'), message: `environment variable \${${name}} is not set` });
    return { pipelines: [], errors, warnings };
  }
  const data = doc.toJS() as Record<string, unknown>;
  const schemaProblem = (prefix: string[], schema: object, err: SchemaErrorLike): DefinitionProblem => {
    const { path: keys, words } = schemaErrorParts(err);
    const where = [...prefix, ...keys];
    if (err.keyword !== 'additionalProperties') return at(where.join('.'), words);
    // An unknown key is pointed at where it is written, also when its value is a block below it.
    return { file, line: keyLineAt(where), path: where.join('.'), message: words + unknownKeyHint(schema, err) };
  };

  if (!validators.pipeline(data)) {
    for (const err of validators.pipeline.errors ?? []) errors.push(schemaProblem([], validators.pipeline.schema as object, err));
    return { pipelines: [], errors, warnings };
  }

  const source = data.source as { connector: string };
  try {
    const connector = getConnector(source.connector);
    const check = ajv.compile(connector.configSchema);
    if (!check(source)) {
      for (const err of check.errors ?? []) errors.push(schemaProblem(['source'], connector.configSchema, err));
    }
  } catch (err) {
    errors.push(at('source.connector', err instanceof Error ? err.message : String(err)));
  }

  const definition = toDefinition(data, file);
  const valueMaps = resolveValueMaps(data.value_maps, workspace);
  definition.value_maps = valueMaps.maps;
  for (const p of valueMaps.problems) {
    errors.push(p.file === undefined ? at(p.path, p.message) : { file: p.file, line: p.line, path: p.path, message: p.message });
  }
  for (const rule of definitionRules) {
    for (const problem of rule(definition)) {
      (problem.level === 'error' ? errors : warnings).push(at(problem.path, problem.message));
    }
  }
  if (errors.length === 0 && path.basename(file).replace(/\.ya?ml$/, '') !== definition.name) {
    warnings.push(at('name', `pipeline "${definition.name}" is declared in a file named ${path.basename(file)}`));
  }
  return { pipelines: errors.length === 0 ? [definition] : [], errors, warnings };
}

/** The names of the pipeline files (`*.yaml`, `*.yml`) in a folder, sorted; none when the folder is missing. */
export function pipelineFiles(pipelinesDir: string): string[] {
  if (!existsSync(pipelinesDir)) return [];
  return readdirSync(pipelinesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** Loads every `pipelines/*.yaml` of a workspace. */
export function loadDefinitions(pipelinesDir: string, env: NodeJS.ProcessEnv = process.env): LoadedDefinitions {
  const out: LoadedDefinitions = { pipelines: [], errors: [], warnings: [] };
  if (!existsSync(pipelinesDir)) {
    throw new HubError('HUB_ERR_FILE_NOT_FOUND', `no pipelines folder at ${pipelinesDir}; run \`ecert init\` to create a workspace`);
  }
  const files = pipelineFiles(pipelinesDir);
  const seen = new Map<string, string>();
  for (const f of files) {
    const file = path.join(pipelinesDir, f);
    const loaded = loadDefinitionFile(file, path.dirname(pipelinesDir), env);
    out.errors.push(...loaded.errors);
    out.warnings.push(...loaded.warnings);
    for (const p of loaded.pipelines) {
      const other = seen.get(p.name);
      if (other) {
        out.errors.push({ file, line: undefined, path: 'name', message: `pipeline name "${p.name}" is also used by ${other}` });
        continue;
      }
      seen.set(p.name, file);
      out.pipelines.push(p);
    }
  }
  return out;
}

export function formatProblem(p: DefinitionProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}
