import { CommanderError } from 'commander';
import { isHubError } from '../core/errors.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, ExitError } from './exit-error.ts';
import { buildProgram } from './program.ts';

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT_OK : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (err instanceof ExitError) {
      if (err.message) process.stderr.write(`${err.message}\n`);
      return err.exitCode;
    }
    if (isHubError(err)) {
      process.stderr.write(`error ${err.code}: ${err.message}\n`);
      const usage = err.status === 400 || err.status === 404 || err.code === 'HUB_ERR_SCHEMA_OUTDATED';
      return usage ? EXIT_USAGE : EXIT_FAILED;
    }
    // The logger (pino) is loaded only here, so that `ecert --help` and quick commands start without it.
    const { log } = await import('../core/log.ts');
    log().error({ event: 'error', err }, 'unexpected failure');
    process.stderr.write(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_FAILED;
  }
}

process.exitCode = await main(process.argv);
