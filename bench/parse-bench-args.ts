/** `[--quick] [--only <name>]`, the arguments of `npm run bench` and of a bench that runs several parts; throws on anything else. */
export function parseBenchArgs(argv: string[], names: readonly string[], what: string): { quick: boolean; only: string | undefined } {
  let quick = false;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--only' && argv[i + 1] !== undefined) only = argv[++i];
    else throw new Error(`unknown argument ${arg ?? ''}`);
  }
  if (only !== undefined && !names.includes(only)) throw new Error(`no ${what} named "${only}"`);
  return { quick, only };
}
