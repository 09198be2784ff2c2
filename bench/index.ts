/**
 * Runs the benchmarks one after another, each in its own process so that one's heap, JIT state
 * and open connections do not weigh on the next, and none overlaps another on a small machine.
 *
 *   npm run bench [-- --quick] [-- --only ingest|lookup|load|validate|report|sql-ingest|reliability]
 *
 * `--quick` is passed to every bench: small sizes, figures printed, BENCHMARKS.md left as it is.
 * Exits 1 when a bench fails (the others still run), 2 on bad usage.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseBenchArgs } from './parse-bench-args.ts';

const BENCHES = [
  { name: 'ingest', script: 'sync.ts' },
  { name: 'lookup', script: 'lookup.ts' },
  { name: 'load', script: 'load.ts' },
  { name: 'validate', script: 'validate.ts' },
  { name: 'report', script: 'report.ts' },
  { name: 'sql-ingest', script: 'sql-ingest.ts' },
  { name: 'reliability', script: 'reliability.ts' },
] as const;

const USAGE = `usage: npm run bench -- [--quick] [--only ${BENCHES.map((b) => b.name).join('|')}]`;

function runBench(script: string, args: string[]): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script), ...args], { stdio: 'inherit' });
  return new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseBenchArgs>;
  try {
    options = parseBenchArgs(process.argv.slice(2), BENCHES.map((b) => b.name), 'bench');
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    return 2;
  }
  const selected = BENCHES.filter((b) => options.only === undefined || b.name === options.only);
  const args = options.quick ? ['--quick'] : [];
  const outcomes: { name: string; code: number; seconds: number }[] = [];
  const started = performance.now();
  for (const bench of selected) {
    process.stderr.write(`\n== ${bench.name} (bench/${bench.script}${options.quick ? ' --quick' : ''})\n`);
    const t = performance.now();
    const code = await runBench(bench.script, args);
    outcomes.push({ name: bench.name, code, seconds: (performance.now() - t) / 1000 });
  }
  process.stderr.write('\n');
  for (const o of outcomes) process.stderr.write(`${o.code === 0 ? 'ok    ' : 'FAILED'} ${o.name.padEnd(8)} ${o.seconds.toFixed(1)} s\n`);
  process.stderr.write(`total ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return outcomes.every((o) => o.code === 0) ? 0 : 1;
}

process.exitCode = await main();
