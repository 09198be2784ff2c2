import { Cron } from 'croner';

/**
 * A pipeline's schedule as a croner job: 5 fields, or 6 with seconds first, read in `timezone`.
 * Without `run` the job only answers questions (next run times) and never fires.
 */
export function scheduleCron(schedule: string, timezone: string, run?: (job: Cron) => Promise<void>, onBusy?: () => void): Cron {
  const options = { timezone, mode: '5-or-6-parts' as const, ...(onBusy ? { protect: onBusy } : {}) };
  return run ? new Cron(schedule, options, run) : new Cron(schedule, options);
}
