import cliProgress from 'cli-progress';
import type { RunProgress } from '../pipelines/run-pipeline.ts';

/** Live counters on a terminal (stderr); nothing when output is piped or `--json` is given. */
export function syncProgress(enabled: boolean): { update(p: RunProgress): void; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{pipeline} | {value} records read | {rate} rec/s | {quarantined} quarantined',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  let current = '';
  return {
    update(p) {
      if (p.pipeline !== current) {
        if (current) bar.stop();
        current = p.pipeline;
        started = Date.now();
        bar.start(0, 0, { pipeline: p.pipeline, rate: 0, quarantined: 0 });
      }
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.setTotal(p.read);
      bar.update(p.read, { rate: Math.round(p.read / seconds), quarantined: p.quarantined });
    },
    stop() {
      if (current) bar.stop();
    },
  };
}
