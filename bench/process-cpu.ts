import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat; undefined where there is no getconf. */
export function clockTicks(): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('getconf', ['CLK_TCK'], (err, stdout) => {
      const n = Number(stdout.trim());
      resolve(err === null && n > 0 ? n : undefined);
    });
  });
}

interface ProcessStat {
  pid: number;
  name: string;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

async function processStats(): Promise<ProcessStat[]> {
  const pids = await readdir('/proc').catch(() => [] as string[]);
  const stats: ProcessStat[] = [];
  for (const pid of pids) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    // Fields after the command name, from field 3 (state): ppid is field 4, utime, stime, cutime, cstime fields 14–17.
    const fields = stat.slice(close + 2).split(' ');
    stats.push({
      pid: Number(pid),
      name: stat.slice(stat.indexOf('(') + 1, close),
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
    });
  }
  return stats;
}

/**
 * CPU seconds used so far by the Postgres server processes on this machine, whatever database
 * they serve. Backends that have exited are in the postmaster's cutime/cstime, so the sum does
 * not drop when a connection closes. Undefined when no such process can be read (a remote server).
 */
export async function postgresCpuSeconds(ticksPerSecond: number | undefined): Promise<number | undefined> {
  if (ticksPerSecond === undefined) return undefined;
  const found = (await processStats()).filter((p) => p.name === 'postgres');
  return found.length === 0 ? undefined : found.reduce((sum, p) => sum + p.ticks, 0) / ticksPerSecond;
}

/** CPU seconds used so far by process `pid` and its direct children (cluster workers); undefined when it cannot be read. */
export async function processTreeCpuSeconds(ticksPerSecond: number | undefined, pid: number): Promise<number | undefined> {
  if (ticksPerSecond === undefined) return undefined;
  const found = (await processStats()).filter((p) => p.pid === pid || p.ppid === pid);
  return found.length === 0 ? undefined : found.reduce((sum, p) => sum + p.ticks, 0) / ticksPerSecond;
}
