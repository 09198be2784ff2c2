import os from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface SignalStop {
  /** Aborted with the signal's name on the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** 128 + the signal number once a signal came (130 for SIGINT, 143 for SIGTERM). */
  exitCode(): number | undefined;
  dispose(): void;
}

/**
 * Turns the first SIGINT/SIGTERM into a request to stop after the current batch, so that the
 * run is closed as `interrupted` and the catalogue is left between two batches. A second
 * signal exits at once: the server rolls back the open batch and the next sync closes the run.
 */
export function stopOnSignals(notice: (text: string) => void): SignalStop {
  const controller = new AbortController();
  let code: number | undefined;
  const onSignal = (name: (typeof SIGNALS)[number]) => {
    const exit = 128 + os.constants.signals[name];
    if (code !== undefined) process.exit(exit);
    code = exit;
    notice(`${name}: stopping after the current batch (send it again to stop at once)`);
    controller.abort(name);
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose: () => {
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
}
