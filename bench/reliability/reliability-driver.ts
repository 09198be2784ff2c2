/** What `bench/reliability.ts` gives every driver. */
export interface DriverContext {
  /** Small sizes: checks that the driver works, figures not published. */
  quick: boolean;
  /** A Postgres URL whose user may create databases. */
  adminUrl: string;
  /** An empty folder the driver may use; removed afterwards. */
  dir: string;
}

/** One driver's figures, in the terms RELIABILITY.md reports them. */
export interface DriverResult {
  /** What was thrown at the hub, e.g. `120000 hostile records` or `6 stops`. */
  tried: string;
  faultsInjected: number;
  faultsSurvived: number;
  /** Hostile records among what was tried (0 for drivers that inject process or lock faults). */
  hostileRecords: number;
  /** Records or answers lost: must be 0. */
  lost: number;
  /** Every check of the driver held. */
  ok: boolean;
  /** The driver's own figures, one line. */
  notes: string;
}

export interface ReliabilityDriver {
  name: string;
  /** The promise it puts to the test, in a few words. */
  checks: string;
  run(ctx: DriverContext): Promise<DriverResult>;
}
