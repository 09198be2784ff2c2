import http from 'node:http';

/** Latencies of one kind of request in a paired run, in milliseconds. */
export interface KindLatency {
  requests: number;
  p50: number;
  p99: number;
  failures: number;
}

export interface PairedRequest {
  path: string;
  headers: Record<string, string>;
  /** The body of the i-th request of this kind. */
  body: () => string;
}

/** The p-th percentile of ascending latencies (0 when there are none). */
export function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Two kinds of POST offered alternately at one fixed overall rate (open loop, as windows send
 * checks whether or not the last answer came back), each timed with performance.now() from the
 * moment it was due to the end of its answer. Alternating request by request puts both kinds
 * under the same load, log size and machine noise, which two runs one after the other do not; timing
 * from the due moment keeps a stalled server from hiding its stall (coordinated omission).
 */
export async function pairedLatency(
  address: string,
  kinds: [PairedRequest, PairedRequest],
  options: { rate: number; seconds: number; connections: number },
): Promise<[KindLatency, KindLatency]> {
  const url = new URL(address);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: [number[], number[]] = [[], []];
  const failures: [number, number] = [0, 0];
  const sent: Promise<void>[] = [];
  const send = (kind: 0 | 1, due: number): Promise<void> =>
    new Promise((resolve) => {
      const { path, headers, body } = kinds[kind];
      const payload = body();
      const req = http.request(
        { agent, host: url.hostname, port: url.port, path, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          res.resume();
          res.once('end', () => {
            if (res.statusCode === 200) latencies[kind].push(performance.now() - due);
            else failures[kind] += 1;
            resolve();
          });
        },
      );
      req.once('error', () => {
        failures[kind] += 1;
        resolve();
      });
      req.end(payload);
    });
  try {
    const start = performance.now();
    const total = Math.floor(options.rate * options.seconds);
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      sent.push(send((i % 2) as 0 | 1, due));
    }
    await Promise.all(sent);
  } finally {
    agent.destroy();
  }
  const summary = (kind: 0 | 1): KindLatency => {
    const sorted = Float64Array.from(latencies[kind]).sort();
    return { requests: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), failures: failures[kind] };
  };
  return [summary(0), summary(1)];
}
