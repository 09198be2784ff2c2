import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** Each command is defined here and its module loaded only when it runs, so `ecert --help` stays fast. */
export function buildProgram(): Command {
  const program = new Command('ecert')
    .description('ecert-hub: aggregate e-certificates (电子证照) and service matters into one catalogue for 免证办理')
    .version(pkg.version, '-V, --version')
    .showHelpAfterError()
    .exitOverride();

  const id = program.command('id').description('identifier tools (统一社会信用代码, 组织机构代码, 公民身份号码)');
  id.command('check')
    .description('classify and check identifiers; reads one per line from stdin when none are given')
    .argument('[values...]', 'identifiers to check')
    .option('--json', 'print a JSON array')
    .action(async (values: string[], opts: { json?: boolean }) => {
      const { idCheck } = await import('./commands/id-check.ts');
      return idCheck(values, opts);
    });

  program
    .command('init')
    .description('create a workspace: ecert.yaml, pipelines/ with a commented example, data/')
    .argument('[dir]', 'folder to create it in', '.')
    .option('--json', 'print what was created as JSON')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const { init } = await import('./commands/init.ts');
      init(dir, opts);
    });

  program
    .command('runs')
    .description('the run ledger: read / inserted / updated / unchanged / duplicates / quarantined per run')
    .addOption(workspaceOption())
    .option('--pipeline <name>', 'only runs of this pipeline')
    .option('--limit <n>', 'how many runs, newest first', (v) => Number(v), 50)
    .option('--json', 'print JSON')
    .action(async (opts: { workspace: string; pipeline?: string; limit?: number; json?: boolean }) => {
      const { runs } = await import('./commands/runs.ts');
      await runs(opts);
    });

  program
    .command('check-source')
    .description('read the first batch of a pipeline source and report mapping problems (writes nothing)')
    .argument('<pipeline>', 'pipeline name')
    .addOption(workspaceOption())
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { workspace: string; json?: boolean }) => {
      const { checkSourceCommand } = await import('./commands/check-source.ts');
      await checkSourceCommand(name, opts);
    });

  const quarantine = program.command('quarantine').description('records that failed checks, kept with their raw payload');
  quarantine
    .command('list')
    .description('unresolved quarantined records, oldest first')
    .addOption(workspaceOption())
    .option('--pipeline <name>', 'only this pipeline')
    .option('--reason <code>', 'only this reason code')
    .option('--all', 'include resolved records')
    .option('--limit <n>', 'how many', (v) => Number(v), 100)
    .option('--json', 'print JSON')
    .action(async (opts: { workspace: string; pipeline?: string; reason?: string; all?: boolean; limit?: number; json?: boolean }) => {
      const { quarantineList } = await import('./commands/quarantine.ts');
      await quarantineList(opts);
    });
  quarantine
    .command('show')
    .description('one quarantined record with its raw payload')
    .argument('<id>', 'quarantine id')
    .addOption(workspaceOption())
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { workspace: string; json?: boolean }) => {
      const { quarantineShow } = await import('./commands/quarantine.ts');
      await quarantineShow(id, opts);
    });
  quarantine
    .command('export')
    .description('write unresolved records (original columns + reason) for sending back to the department')
    .addOption(workspaceOption())
    .requiredOption('--out <file>', 'file to write')
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--pipeline <name>', 'only this pipeline')
    .option('--reason <code>', 'only this reason code')
    .action(async (opts: { workspace: string; out: string; format: string; pipeline?: string; reason?: string }) => {
      const { quarantineExport } = await import('./commands/quarantine.ts');
      await quarantineExport(opts);
    });
  quarantine
    .command('retry')
    .description('send unresolved records through the current mapping and normalisers again; fixed ones load')
    .addOption(workspaceOption())
    .option('--pipeline <name>', 'only this pipeline (default: all)')
    .option('--json', 'print JSON')
    .action(async (opts: { workspace: string; pipeline?: string; json?: boolean }) => {
      const { quarantineRetry } = await import('./commands/quarantine-retry.ts');
      await quarantineRetry(opts);
    });

  program
    .command('sync')
    .description('run pipelines: extract → map → normalise → validate → dedupe → load')
    .argument('[pipelines...]', 'pipeline names (files in pipelines/)')
    .addOption(workspaceOption())
    .option('--all', 'run every pipeline of the workspace')
    .option('--dry-run', 'read, check and count without writing anything')
    .option('--full-refresh', 'ignore the stored cursor and read the sources from the start')
    .option('--allow-mass-cancel', 'let a replace snapshot cancel more than max_cancel, or everything when it is empty')
    .option('--json', 'print one JSON array with a result per pipeline')
    .action(async (names: string[], opts: { workspace: string; all?: boolean; dryRun?: boolean; fullRefresh?: boolean; allowMassCancel?: boolean; json?: boolean }) => {
      const { sync } = await import('./commands/sync.ts');
      await sync(names, opts);
    });

  const db = program.command('db').description('catalogue database (embedded .ecert/ store or ECERT_DATABASE_URL)');
  db.command('migrate')
    .description('apply pending catalogue migrations (a no-op when up to date)')
    .addOption(workspaceOption())
    .option('--json', 'print the result as JSON')
    .action(async (opts: { workspace: string; json?: boolean }) => {
      const { dbMigrate } = await import('./commands/db.ts');
      await dbMigrate(opts);
    });
  db.command('status')
    .description('show applied and pending catalogue migrations')
    .addOption(workspaceOption())
    .option('--json', 'print the status as JSON')
    .action(async (opts: { workspace: string; json?: boolean }) => {
      const { dbStatus } = await import('./commands/db.ts');
      await dbStatus(opts);
    });

  program
    .command('validate')
    .description('normalise and check records (or a pipeline file) against a schema; JSON, JSONL or YAML')
    .requiredOption('--schema <name>', 'certificate | matter | certificate-type | pipeline')
    .argument('<file>', 'file to check')
    .addOption(workspaceOption())
    .option('--json', 'print { valid, invalid, errors, warnings } as JSON')
    .action(async (file: string, opts: { schema: string; workspace: string; json?: boolean }) => {
      const { validate } = await import('./commands/validate.ts');
      await validate(file, opts);
    });

  program
    .command('serve')
    .description('serve the lookup API for window systems (docs at /docs) until SIGINT or SIGTERM')
    .addOption(workspaceOption())
    .option('--port <port>', 'port to listen on', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { workspace: string; port: string; host: string }) => {
      const { serve } = await import('./commands/serve.ts');
      await serve(opts);
    });

  const clients = program.command('clients').description('API keys of window systems');
  clients
    .command('add')
    .description('register a client and print its key once (only a hash is stored)')
    .argument('<name>', 'client name, e.g. the window system')
    .addOption(workspaceOption())
    .requiredOption('--scopes <list>', 'comma-separated: certificates:read, checks:run, reports:read')
    .option('--json', 'print { id, name, key, scopes }')
    .action(async (name: string, opts: { workspace: string; scopes: string; json?: boolean }) => {
      const { clientsAdd } = await import('./commands/clients.ts');
      await clientsAdd(name, opts);
    });
  clients
    .command('list')
    .description('list clients (never their keys)')
    .addOption(workspaceOption())
    .option('--all', 'include revoked clients')
    .option('--json', 'print a JSON array')
    .action(async (opts: { workspace: string; all?: boolean; json?: boolean }) => {
      const { clientsList } = await import('./commands/clients.ts');
      await clientsList(opts);
    });
  clients
    .command('revoke')
    .description('revoke a client; its key stops working at once')
    .argument('<client>', 'client id or name')
    .addOption(workspaceOption())
    .option('--json', 'print JSON')
    .action(async (client: string, opts: { workspace: string; json?: boolean }) => {
      const { clientsRevoke } = await import('./commands/clients.ts');
      await clientsRevoke(client, opts);
    });

  program
    .command('lookup')
    .description("a holder's certificates, as the API answers (logged under client `cli`)")
    .argument('<holder-id>', 'USCC, resident id, … in any written form')
    .addOption(workspaceOption())
    .option('--type <code>', 'only this certificate type')
    .option('--status <status>', 'only this stored status: valid, suspended, revoked, cancelled, expired')
    .option('--purpose <text>', '查询事由, required')
    .option('--json', 'print the API answer as JSON')
    .action(async (holderId: string, opts: { workspace: string; type?: string; status?: string; purpose?: string; json?: boolean }) => {
      const { lookup } = await import('./commands/lookup.ts');
      await lookup(holderId, opts);
    });

  program
    .command('check')
    .description('which materials of a matter the holder need not bring (免证办理), logged under client `cli`')
    .argument('<matter-code>', 'matter code')
    .argument('<holder-id>', 'USCC, resident id, … in any written form')
    .addOption(workspaceOption())
    .option('--purpose <text>', '查询事由, required')
    .option('--json', 'print the API answer as JSON')
    .action(async (matterCode: string, holderId: string, opts: { workspace: string; purpose?: string; json?: boolean }) => {
      const { check } = await import('./commands/check.ts');
      await check(matterCode, holderId, opts);
    });

  program
    .command('lookups')
    .description('the lookup log: who asked, why, and what was answered (holder ids as keyed hashes)')
    .addOption(workspaceOption())
    .option('--client <client>', 'client id or name (`cli` for command-line lookups)')
    .option('--since <time>', 'ISO date or time, or a duration back from now such as 2h or 7d')
    .option('--limit <n>', 'rows to show', (v: string) => Number(v), 100)
    .option('--json', 'print a JSON array')
    .action(async (opts: { workspace: string; client?: string; since?: string; limit: number; json?: boolean }) => {
      const { lookups } = await import('./commands/lookups.ts');
      await lookups(opts);
    });

  const audit = program.command('audit').description('checks for auditors');
  audit
    .command('verify')
    .description('recompute every hash chain (certificate versions, lookup log); exit 1 when one is broken')
    .addOption(workspaceOption())
    .option('--json', 'print the report as JSON')
    .action(async (opts: { workspace: string; json?: boolean }) => {
      const { auditVerify } = await import('./commands/audit.ts');
      await auditVerify(opts);
    });

  program
    .command('demo-data')
    .description('write a synthetic workspace (five department feeds with planted defects, matters) and its manifest.json')
    .requiredOption('--out <dir>', 'workspace folder to write')
    .option('--rows <n>', 'certificate rows across all departments', '2000')
    .option('--seed <n>', 'random seed: the same seed and rows give byte-identical files', '1')
    .option('--today <date>', 'ISO date the data is judged against (default: today in Asia/Shanghai)')
    .option('--json', 'print the manifest summary as JSON')
    .action(async (opts: { out: string; rows: string; seed: string; today?: string; json?: boolean }) => {
      const { demoData } = await import('./commands/demo-data.ts');
      await demoData(opts);
    });

  program
    .command('demo')
    .description('the whole hub in one go: generated department data → sync → catalogue → lookup API checks (npm start)')
    .option('-w, --workspace <dir>', 'where to generate the demo workspace', 'demo-workspace')
    .option('--rows <n>', 'certificate rows to generate across the five departments', (v) => Number(v), 20_000)
    .option('--seed <n>', 'generator seed (same seed, same data)', (v) => Number(v), 1)
    .option('--port <n>', 'API port (default: any free port)', (v) => Number(v))
    .option('--keep', 'leave the API running and print curl examples')
    .action(async (opts: { workspace: string; rows: number; seed: number; port?: number; keep?: boolean }) => {
      const { demo } = await import('./commands/demo.ts');
      await demo(opts);
    });

  return program;
}

export const workspaceOption = (): Option =>
  new Option('-w, --workspace <dir>', 'workspace folder (pipelines/, ecert.yaml, .ecert/)').default('.');
