import { Argument, Option, type Command } from 'commander';

// Command modules import everything they need from here: under tsx every import costs start-up time,
// and `ecert --help` loads every command module.
export { Argument, Option };

/**
 * An `ecert` command as its module declares it. `action` receives the positional arguments in
 * their declared order, then the options object; it loads the implementation with a dynamic
 * import, so that building the program (and `ecert --help`) loads no catalogue, engine or server.
 */
type CommandSpec<Args extends unknown[], Opts> = {
  name: string;
  description: string;
  options?: readonly Option[];
  action: (...params: [...Args, Opts]) => unknown;
} & (Args extends [] ? { arguments?: [] } : { arguments: { [K in keyof Args]: Argument } });

export interface CommandDefinition {
  name: string;
  description: string;
  arguments: readonly Argument[];
  options: readonly Option[];
  /** Runs the action with the positional arguments followed by the options object. */
  run(params: unknown[]): unknown;
}

/** A command that only holds subcommands (`ecert quarantine list`, …). */
export interface CommandGroup {
  name: string;
  description: string;
  commands: readonly CommandDefinition[];
}

export function defineCommand<Args extends unknown[], Opts>(spec: CommandSpec<Args, Opts>): CommandDefinition {
  return {
    name: spec.name,
    description: spec.description,
    arguments: spec.arguments ?? [],
    options: spec.options ?? [],
    // Commander hands over exactly the declared arguments, then the options: the shape `action` declares.
    run: (params) => spec.action(...(params as [...Args, Opts])),
  };
}

/**
 * Adds a command or group under `parent`. `parent.command()` (not addCommand) so that the
 * subcommand inherits exitOverride and showHelpAfterError.
 */
export function registerCommand(parent: Command, entry: CommandDefinition | CommandGroup): void {
  const command = parent.command(entry.name).description(entry.description);
  if ('commands' in entry) {
    for (const sub of entry.commands) registerCommand(command, sub);
    return;
  }
  for (const argument of entry.arguments) command.addArgument(argument);
  for (const option of entry.options) command.addOption(option);
  // Commander appends the Command itself after the options; the actions do not need it.
  command.action(async (...params: unknown[]) => {
    await entry.run(params.slice(0, -1));
  });
}

/** Parser of numeric option values. */
export const asNumber = (value: string): number => Number(value);

export const workspaceOption = (): Option =>
  new Option('-w, --workspace <dir>', 'workspace folder (pipelines/, ecert.yaml, .ecert/)').default('.');

export const jsonOption = (description = 'print JSON'): Option => new Option('--json', description);

export const pipelineOption = (description: string): Option => new Option('--pipeline <name>', description);

export const limitOption = (description: string, fallback: number): Option =>
  new Option('--limit <n>', description).argParser(asNumber).default(fallback);

export const purposeOption = (): Option => new Option('--purpose <text>', '查询事由, required');
