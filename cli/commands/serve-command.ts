import { defineCommand, Option, workspaceOption } from '../define-command.ts';
import type { ServeOptions } from './serve.ts';

export const serveCommand = defineCommand({
  name: 'serve',
  description: 'serve the lookup API for window systems (docs at /docs) until SIGINT or SIGTERM',
  options: [
    workspaceOption(),
    new Option('--port <port>', 'port to listen on').default('8080'),
    new Option('--host <host>', 'address to listen on').default('127.0.0.1'),
    new Option('--pool <n>', 'connections to a PostgreSQL catalogue (default: ECERT_POOL_SIZE, else 10)'),
  ],
  action: async (opts: ServeOptions) => (await import('./serve.ts')).serve(opts),
});
