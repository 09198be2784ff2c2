import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Where the suite's global setup bundles the `ecert` command line, and what CLI tests run. It lives
 * under node_modules so that the bundle's package imports resolve as the sources' do.
 */
export const CLI_BUNDLE_DIR = path.join(ROOT, 'node_modules', '.cache', 'ecert-test-cli');

/** The executable a CLI test runs: `node <this> …args`. */
export const ECERT_BIN = path.join(CLI_BUNDLE_DIR, 'index.js');

/** The executable users run (the sources through tsx); test/cli/source-bin.test.ts runs it. */
export const ECERT_SOURCE_BIN = path.join(ROOT, 'bin', 'ecert.js');
