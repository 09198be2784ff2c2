import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { isCollection, LineCounter, parseDocument, type Document } from 'yaml';
import { substituteEnv } from '../core/config.ts';
import { HubError } from '../core/errors.ts';
import { getConnector } from '../connectors/index.ts';
import { ajv, validators } from '../schemas/ajv.ts';
import type { Budget, DefinitionProblem, PipelineDefinition } from './definition.ts';
import { definitionRules } from './definition-rules.ts';

export interface LoadedDefinitions {
  pipelines: PipelineDefinition[];
  errors: DefinitionProblem[];
  warnings: DefinitionProblem[];
}

function lineOf(doc: Document, counter: LineCounter, dotted: string): number | undefined {
  const keys = dotted === '' ? [] : dotted.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return undefined;
}

function ajvPath(err: ErrorObject): string {
  const base = err.instancePath.split('/').filter(Boolean).join('.');
  const missing = err.keyword === 'required' ? String(err.params.missingProperty) : undefined;
  const extra = err.keyword === 'additionalProperties' ? String(err.params.additionalProperty) : undefined;
  const leaf = missing ?? extra;
  return leaf ? (base ? `${base}.${leaf}` : leaf) : base;
}

function ajvMessage(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties') return `unknown key "${String(err.params.additionalProperty)}"`;
  if (err.keyword === 'required') return `required key "${String(err.params.missingProperty)}" is missing`;
  if (err.keyword === 'enum') return `${err.message}: ${(err.params.allowedValues as unknown[]).join(', ')}`;
  return err.message ?? err.keyword;
}

const DEFAULT_MAX_CANCEL: Budget = { percent: 10 };

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
    identifier_check: (data.identifier_check as PipelineDefinition['identifier_check'] | undefined) ?? 'strict',
    status_map: data.status_map as PipelineDefinition['status_map'],
    file,
  };
}

/** Parses and checks one pipeline file. Problems come back as data, each with file, line and dotted path. */
export function loadDefinitionFile(file: string, env: NodeJS.ProcessEnv = process.env): LoadedDefinitions {
  const errors: DefinitionProblem[] = [];
  const warnings: DefinitionProblem[] = [];
  const { text, missing } = substituteEnv(readFileSync(file, 'utf8'), env);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  for (const name of missing) {
    errors.push({ file, line: undefined, path: '', message: `environment variable \${${name}} is not set` });
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors) errors.push({ file, line: e.linePos?.[0]?.line, path: '', message: e.message });
    return { pipelines: [], errors, warnings };
  }
  if (!isCollection(doc.contents)) {
    errors.push({ file, line: 1, path: '', message: 'a pipeline file must hold a mapping of keys (name, entity, source, …)' });
    return { pipelines: [], errors, warnings };
  }
  const data = doc.toJS() as Record<string, unknown>;
  const at = (p: string, message: string): DefinitionProblem => ({ file, line: lineOf(doc, counter, p), path: p, message });

  if (!validators.pipeline(data)) {
    for (const err of validators.pipeline.errors ?? []) errors.push(at(ajvPath(err), ajvMessage(err)));
    return { pipelines: [], errors, warnings };
  }

  const source = data.source as { connector: string };
  try {
    const connector = getConnector(source.connector);
    const check = ajv.compile(connector.configSchema);
    if (!check(source)) {
      for (const err of check.errors ?? []) {
        const p = ajvPath(err);
        errors.push(at(p ? `source.${p}` : 'source', ajvMessage(err)));
      }
    }
  } catch (err) {
    errors.push(at('source.connector', err instanceof Error ? err.message : String(err)));
  }

  const definition = toDefinition(data, file);
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

/** Loads every `pipelines/*.yaml` of a workspace. */
export function loadDefinitions(pipelinesDir: string, env: NodeJS.ProcessEnv = process.env): LoadedDefinitions {
  const out: LoadedDefinitions = { pipelines: [], errors: [], warnings: [] };
  if (!existsSync(pipelinesDir)) {
    throw new HubError('HUB_ERR_FILE_NOT_FOUND', `no pipelines folder at ${pipelinesDir}; run \`ecert init\` to create a workspace`);
  }
  const files = readdirSync(pipelinesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const seen = new Map<string, string>();
  for (const f of files) {
    const file = path.join(pipelinesDir, f);
    const loaded = loadDefinitionFile(file, env);
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
