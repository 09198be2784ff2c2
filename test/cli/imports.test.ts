import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Specifiers a module loads when it is evaluated: static imports and re-exports, not `import type` or `import()`. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const found = source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;']*?\sfrom\s+)?'([^']+)'/gm);
  return [...found].map((m) => m[1]!);
}

/** Every project file and package that loading `entry` evaluates, as root-relative paths and package names. */
function loadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) visit(path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)));
      else seen.add(spec);
    }
  };
  visit(entry);
  return seen;
}

const cliFiles = (): string[] =>
  readdirSync(path.join(ROOT, 'cli'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join('cli', f));

describe('what the ecert command loads', () => {
  it('starts (`ecert --help`) with the command definitions only: no catalogue, engine, server or generator', () => {
    const loaded = [...loadedBy('cli/index.ts')];
    const allowed = (m: string) =>
      m === 'commander' ||
      m.startsWith('node:') ||
      ['cli/index.ts', 'cli/program.ts', 'cli/define-command.ts', 'cli/exit-error.ts', 'core/errors.ts', 'package.json'].includes(m) ||
      /^cli\/commands\/[a-z-]+-commands?\.ts$/.test(m);
    expect(loaded.filter((m) => !allowed(m))).toEqual([]);
    expect(loaded.filter((m) => m.startsWith('cli/commands/')).length).toBeGreaterThan(10);
  });

  it('reaches api/ only to start the server, and examples/ only for the demo commands and the sample `init` writes', () => {
    const uses = (folder: string) =>
      cliFiles()
        .filter((f) => runtimeImports(f).some((s) => s.includes(`/${folder}/`)))
        .sort();
    expect(uses('api')).toEqual(['cli/commands/demo.ts', 'cli/commands/serve.ts']);
    expect(uses('examples')).toEqual(['cli/commands/demo-data.ts', 'cli/commands/demo.ts', 'cli/commands/init.ts']);
  });
});
