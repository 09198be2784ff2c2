import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FILE = path.resolve(import.meta.dirname, '..', 'BENCHMARKS.md');
const HEADER = `# Benchmarks

Every figure here was written by a script in \`bench/\` (\`npm run bench\`) on the machine it names.
Ratios compare our code with a baseline measured in the same run, so they travel between machines
better than absolute rates do. Rerun to replace a section. A quick run (\`npm run bench -- --quick\`, or \`--quick\`
on one script) only checks that the benches work: it prints its figures and leaves this file as it is.
`;

export function machineInfo(): string {
  const cpus = os.cpus();
  const memGiB = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${memGiB} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Markdown table from rows of cells. */
export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Replaces (or appends) the section of BENCHMARKS.md between this benchmark's markers. The text
 * above the first section is rewritten from HEADER, so that what it says about the runs stays
 * the scripts' word.
 */
function writeSection(name: string, title: string, body: string): void {
  const existing = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '';
  const firstSection = existing.indexOf('<!-- bench:');
  const current = firstSection >= 0 ? `${HEADER}\n${existing.slice(firstSection)}` : HEADER;
  writeFileSync(FILE, withSection(current, name, title, body));
}

/**
 * `text` with the section between `<!-- bench:<name> -->` markers replaced by a dated one holding
 * `body` (appended when there is none yet); everything outside the markers is kept.
 */
export function withSection(text: string, name: string, title: string, body: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${start}\n## ${title}\n\n_${today()} · ${machineInfo()}_\n\n${body.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  return from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`;
}

/**
 * Prints a benchmark's figures and, unless it was a quick run, writes them to its section of
 * BENCHMARKS.md: the file keeps full-size figures only.
 */
export function publishSection(name: string, title: string, body: string, options: { quick: boolean }): void {
  process.stdout.write(`${body.trim()}\n`);
  if (options.quick) process.stderr.write(`quick run: BENCHMARKS.md left as it is (section "${name}" not written)\n`);
  else writeSection(name, title, body);
}
