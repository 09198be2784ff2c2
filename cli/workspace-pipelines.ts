import { loadConfig } from '../core/config.ts';
import { HubError } from '../core/errors.ts';
import type { PipelineDefinition } from '../pipelines/definition.ts';
import { formatProblem, loadDefinitions, pipelineFiles } from '../pipelines/load-definitions.ts';
import { EXIT_USAGE, ExitError } from './exit-error.ts';

export interface RunnablePipelines {
  pipelines: PipelineDefinition[];
  /** Files with problems, reported on stderr and left out. */
  skipped: string[];
}

/**
 * Warns on stderr when the workspace has no pipeline file (or no `pipelines/` folder) and says
 * so: an empty table of runs or results would read as if everything had worked.
 */
export function warnIfNoPipelines(workspace: string): boolean {
  const dir = loadConfig({ workspace }).pipelinesDir;
  if (pipelineFiles(dir).length > 0) return false;
  process.stderr.write(`warning: no pipelines in ${dir}; run \`ecert init\` or add one\n`);
  return true;
}

/**
 * Every pipeline of the workspace whose file is sound, for `sync --all` and the scheduler: a
 * file with problems is reported on stderr (file, line, field) and left out, so that one
 * department's broken definition never stops the others' syncs.
 */
export function runnablePipelines(workspace: string): RunnablePipelines {
  if (warnIfNoPipelines(workspace)) return { pipelines: [], skipped: [] };
  const loaded = loadDefinitions(loadConfig({ workspace }).pipelinesDir);
  for (const w of loaded.warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
  for (const e of loaded.errors) process.stderr.write(`error: ${formatProblem(e)} (pipeline file skipped)\n`);
  return { pipelines: loaded.pipelines, skipped: [...new Set(loaded.errors.map((e) => e.file))] };
}

/**
 * The named pipelines (every one when `all` and no names), checked. Any definition problem
 * stops the command with exit 2 and a message naming file, line and field; warnings go to stderr.
 */
export function workspacePipelines(workspace: string, names: string[] = [], all = true): PipelineDefinition[] {
  const config = loadConfig({ workspace });
  const loaded = loadDefinitions(config.pipelinesDir);
  for (const w of loaded.warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
  if (loaded.errors.length > 0) {
    throw new ExitError(EXIT_USAGE, loaded.errors.map((e) => `error: ${formatProblem(e)}`).join('\n'));
  }
  if (all && names.length === 0) return loaded.pipelines;
  return names.map((name) => {
    const p = loaded.pipelines.find((d) => d.name === name);
    if (!p) {
      const known = loaded.pipelines.map((d) => d.name).join(', ') || '(none)';
      throw new HubError('HUB_ERR_PIPELINE_NOT_FOUND', `no pipeline named "${name}" in ${config.pipelinesDir}; known: ${known}`);
    }
    return p;
  });
}
