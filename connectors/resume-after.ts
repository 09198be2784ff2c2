import { HubError } from '../core/errors.ts';

/**
 * The line (or row) a read resumes after, from the position of the last committed batch;
 * undefined means from the start. A position of another shape (the source block was switched to
 * another connector) is refused rather than guessed at.
 */
export function resumeAfter(state: unknown, key: 'line' | 'row', kind: string): number | undefined {
  if (state === null || state === undefined) return undefined;
  const value = typeof state === 'object' ? (state as Record<string, unknown>)[key] : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new HubError(
    'HUB_ERR_VALIDATION',
    `the ${kind} connector cannot resume from position ${JSON.stringify(state)}: expected { ${key}: <number> }; read the source from the start (--full-refresh)`,
    { position: state },
  );
}
