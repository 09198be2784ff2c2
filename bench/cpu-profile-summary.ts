import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) that a summary needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time, in seconds. */
  seconds: number;
  /** Shares of the sampled time, largest first: idle, garbage collection, and the busy time by package or source folder. */
  shares: { what: string; share: number }[];
}

/** Where a function's code lives: a package under node_modules, a folder of ours, node's own code, or V8's pseudo-frames. */
function areaOf(functionName: string, url: string): string {
  if (url === '') {
    if (functionName === '(idle)') return 'idle (waiting on sockets and timers)';
    if (functionName === '(garbage collector)') return 'garbage collection';
    return functionName === '' ? '(native)' : functionName;
  }
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node ');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  const ours = /\/(api|catalog|core|lookups|schemas|bench|cli)\//.exec(url)?.[1];
  return ours === undefined ? 'other' : `${ours}/ (ours)`;
}

/**
 * Self time of every sampled frame, summed by area, over the main-thread profiles in `dir`
 * (`CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`, thread 0) of every process but `skipPid`
 * (a cluster's primary, which only forwards signals).
 */
export function summariseCpuProfiles(dir: string, skipPid?: number): ProfileSummary {
  const byArea = new Map<string, number>();
  let total = 0;
  const mainThreads = readdirSync(dir).filter((f) => {
    const m = /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(f);
    return m !== null && m[2] === '0' && Number(m[1]) !== skipPid;
  });
  for (const file of mainThreads) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const area = new Map(profile.nodes.map((n) => [n.id, areaOf(n.callFrame.functionName, n.callFrame.url)]));
    profile.samples.forEach((id, i) => {
      const micros = profile.timeDeltas[i] ?? 0;
      const where = area.get(id) ?? 'other';
      byArea.set(where, (byArea.get(where) ?? 0) + micros);
      total += micros;
    });
  }
  const shares = [...byArea].map(([what, micros]) => ({ what, share: total === 0 ? 0 : micros / total })).sort((a, b) => b.share - a.share);
  return { seconds: total / 1e6, shares };
}
