/** An expected stop: the top-level handler prints the message only (no stack) and exits with `code`. */
export class ExitError extends Error {
  readonly exitCode: number;

  constructor(exitCode: number, message = '') {
    super(message);
    this.name = 'ExitError';
    this.exitCode = exitCode;
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
