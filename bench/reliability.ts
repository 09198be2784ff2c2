/**
 * The reliability soak: every driver in bench/reliability/ at full size, one after another, and
 * their figures written to the "figures" section of RELIABILITY.md (the rest of that file is
 * prose and stays as it is). `--quick` runs small sizes, prints the figures and leaves the file.
 *
 *   npx tsx bench/reliability.ts [--quick] [--only <driver>]
 *   ECERT_BENCH_DATABASE_URL=postgres://… (default postgres://root@127.0.0.1:5432/postgres)
 *
 * Exits 1 when a driver's checks fail (the figures are still written, marked), 2 on bad usage.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { table, withSection } from './bench-report.ts';
import { crashRecoveryDriver } from './reliability/crash-recovery.ts';
import { dirtyDataDriver } from './reliability/dirty-data.ts';
import { fuzzApiDriver } from './reliability/fuzz-api.ts';
import { readersDuringSyncDriver } from './reliability/readers-during-sync.ts';
import { tamperDriver } from './reliability/tamper.ts';
import type { DriverResult, ReliabilityDriver } from './reliability/reliability-driver.ts';
import { parseBenchArgs } from './parse-bench-args.ts';

/** Adding a driver: one entry here. */
const DRIVERS: ReliabilityDriver[] = [dirtyDataDriver, crashRecoveryDriver, readersDuringSyncDriver, fuzzApiDriver, tamperDriver];

const FILE = path.resolve(import.meta.dirname, '..', 'RELIABILITY.md');
const USAGE = `usage: npx tsx bench/reliability.ts [--quick] [--only ${DRIVERS.map((d) => d.name).join('|')}]`;

async function runDriver(driver: ReliabilityDriver, quick: boolean, adminUrl: string): Promise<Timed> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ecert-reliability-${driver.name}-`));
  const started = performance.now();
  try {
    const result = await driver.run({ quick, adminUrl, dir });
    return { ...result, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { tried: '-', hostileRecords: 0, faultsInjected: 0, faultsSurvived: 0, lost: 0, ok: false, notes: `threw: ${message}`, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Timed = DriverResult & { seconds: number };

function render(drivers: ReliabilityDriver[], results: Timed[]): string {
  const sum = (pick: (r: Timed) => number) => results.reduce((n, r) => n + pick(r), 0);
  const rows = results.map((r, i) => [
    `\`${drivers[i]!.name}\``,
    r.tried,
    r.faultsInjected,
    r.faultsSurvived,
    r.lost,
    r.seconds.toFixed(0),
    r.ok ? 'ok' : '**FAILED**',
  ]);
  rows.push(['**total**', `${sum((r) => r.hostileRecords)} hostile records`, sum((r) => r.faultsInjected), sum((r) => r.faultsSurvived), sum((r) => r.lost), sum((r) => r.seconds).toFixed(0), results.every((r) => r.ok) ? 'ok' : '**FAILED**']);
  const notes = results.map((r, i) => `- \`${drivers[i]!.name}\` (${drivers[i]!.checks}): ${r.notes}.`);
  return `${table(['driver', 'tried', 'faults injected', 'survived', 'lost', 'seconds', 'checks'], rows)}\n\n${notes.join('\n')}\n`;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseBenchArgs>;
  try {
    args = parseBenchArgs(process.argv.slice(2), DRIVERS.map((d) => d.name), 'driver');
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    return 2;
  }
  const adminUrl = process.env.ECERT_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const drivers = DRIVERS.filter((d) => args.only === undefined || d.name === args.only);
  const results: Timed[] = [];
  for (const driver of drivers) {
    process.stderr.write(`reliability: ${driver.name}${args.quick ? ' (quick)' : ''}…\n`);
    results.push(await runDriver(driver, args.quick, adminUrl));
  }
  const body = render(drivers, results);
  process.stdout.write(body);
  if (args.quick || args.only !== undefined) {
    process.stderr.write('quick or partial run: RELIABILITY.md left as it is\n');
  } else {
    const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Reliability\n';
    writeFileSync(FILE, withSection(text, 'reliability', 'Figures of the last soak (bench/reliability.ts)', body));
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = await main();
