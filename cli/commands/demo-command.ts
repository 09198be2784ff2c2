import { asNumber, defineCommand, Option } from '../define-command.ts';
import type { DemoOptions } from './demo.ts';

export const demoCommand = defineCommand({
  name: 'demo',
  description: 'the whole hub in one go: generated department data → sync → catalogue → lookup API checks (npm start)',
  options: [
    new Option('-w, --workspace <dir>', 'where to generate the demo workspace').default('demo-workspace'),
    new Option('--rows <n>', 'certificate rows to generate across the five departments').argParser(asNumber).default(20_000),
    new Option('--seed <n>', 'generator seed (same seed, same data)').argParser(asNumber).default(1),
    new Option('--port <n>', 'API port (default: any free port)').argParser(asNumber),
    new Option('--keep', 'leave the API running and print curl examples'),
  ],
  action: async (opts: DemoOptions) => (await import('./demo.ts')).demo(opts),
});
