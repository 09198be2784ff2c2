import { expect, it } from 'vitest';
import { runs, type RunDetail } from '../../cli/commands/runs.ts';
import { sync } from '../../cli/commands/sync.ts';
import { copyWorkspace } from '../pipelines/workspace-copy.ts';
import { captureStdout } from './capture-stdout.ts';

it('ecert runs --show prints one run in full: counts, trigger, zoned times, reasons, conflicting duplicates', async () => {
  const ws = copyWorkspace('housing-workers');
  await captureStdout(() => sync(['workers'], { workspace: ws, progress: false }));
  const { out: ledger } = await captureStdout(() => runs({ workspace: ws }));
  const id = /([0-9a-f]{8})-[0-9a-f-]{27}\s*$/m.exec(ledger)?.[1];
  expect(id).toBeDefined();
  expect(ledger).toMatch(/^started \([^)]+\)/);
  expect(ledger).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d\s+workers\s+manual\s+succeeded/);

  const { out, result } = await captureStdout(() => runs({ workspace: ws, show: id! }));
  expect(out).toMatch(/^trigger\s+manual$/m);
  expect(out).toMatch(/^source\s+\.\/data\/workers\.csv \(csv\)$/m);
  expect(out).toMatch(/^started\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d \(.+\)$/m);
  expect(out).toContain('= inserted 3 + updated 0 + unchanged 0 + duplicates 3 + quarantined 2');
  expect(out).toMatch(/invalid_identifier\s+1/);
  expect(out).toMatch(/missing_field\s+1/);
  expect(out).toContain('conflicting duplicates: 2 of 3 duplicates');
  expect(out).toMatch(/^\s+3\s+6\s+zj-tzzy \/ 11310104P3MPWH2J5W \/ 浙A042023000101\s+older source_updated_at/m);
  expect(out).toMatch(/^\s+8\s+5\s+zj-tzzy \/ 11310104P3MPWH2J5W \/ 浙A042023000103\s+older source_updated_at/m);
  expect((result as RunDetail).conflicting_duplicates).toBe(2);

  await expect(runs({ workspace: ws, show: 'ffffffff' })).rejects.toThrow(/no run with id ffffffff/);
}, 60_000);
