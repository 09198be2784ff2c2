import path from 'node:path';
import { shanghaiDate } from '../../catalog/shanghai-date.ts';
import { generateWorkspace, type Manifest } from '../../examples/generate.ts';
import { EXIT_USAGE, ExitError } from '../exit-error.ts';
import { formatTable, printJson, printLine } from '../print.ts';

export interface DemoDataOptions {
  out: string;
  rows?: number | string;
  seed?: number | string;
  /** ISO date the data is judged against; defaults to today in Asia/Shanghai. */
  today?: string;
  json?: boolean;
}

const DEFAULT_ROWS = 2000;
const DEFAULT_SEED = 1;
/** Below this a run takes a moment and needs no progress lines. */
const PROGRESS_FROM_ROWS = 100_000;

function wholeNumber(name: string, value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new ExitError(EXIT_USAGE, `--${name} must be a whole number, got "${value}"`);
  return n;
}

/** The manifest without the per-row defect lists: counts per defect kind instead. */
function manifestSummary(manifest: Manifest): unknown {
  return {
    ...manifest,
    departments: manifest.departments.map(({ defects, ...d }) => {
      const byKind: Record<string, number> = {};
      for (const x of defects) byKind[x.kind] = (byKind[x.kind] ?? 0) + 1;
      return { ...d, defects_by_kind: byKind };
    }),
  };
}

function printSummary(workspace: string, manifest: Manifest): void {
  printLine(`Workspace ${workspace} (seed ${manifest.seed}, ${manifest.rows} rows, judged against ${manifest.today})`);
  printLine();
  const rows = manifest.departments.map((d) => {
    const q = Object.entries(d.expected.quarantined);
    return [
      d.pipeline,
      d.file,
      d.read,
      d.expected.inserted,
      d.expected.duplicates,
      q.reduce((a, [, n]) => a + n, 0),
      q.map(([reason, n]) => `${reason} ${n}`).join(', ') || '-',
    ];
  });
  rows.push([manifest.matters.pipeline, manifest.matters.file, manifest.matters.count, manifest.matters.count, 0, 0, '-']);
  printLine(formatTable(['pipeline', 'file', 'rows', 'inserted', 'duplicates', 'quarantined', 'by reason'], rows));
  printLine();
  for (const [name, c] of Object.entries(manifest.demo)) {
    const materials = c.materials.map((m) => `${m.material_code} ${m.expected}`).join(', ');
    printLine(`${name}: ${c.holder_id} ${c.holder_name} → ${c.matter_code} ${c.matter_name}: ${materials}`);
  }
  printLine();
  printLine(`Expected sync results and every planted defect: ${path.join(workspace, 'manifest.json')}`);
}

/** `ecert demo-data`: writes a synthetic workspace of five department feeds plus matters, with its manifest. */
export async function demoData(opts: DemoDataOptions): Promise<Manifest> {
  const rows = wholeNumber('rows', opts.rows, DEFAULT_ROWS);
  const seed = wholeNumber('seed', opts.seed, DEFAULT_SEED);
  const workspace = path.resolve(opts.out);
  const done = new Map<string, number>();
  let reported = 0;
  const onProgress =
    rows >= PROGRESS_FROM_ROWS
      ? ({ pipeline, done: n }: { pipeline: string; done: number }) => {
          done.set(pipeline, n);
          const total = [...done.values()].reduce((a, b) => a + b, 0);
          const tenth = Math.floor((total * 10) / rows);
          if (tenth > reported) {
            reported = tenth;
            process.stderr.write(`demo-data: ${tenth * 10}% (${total} of ${rows} rows)\n`);
          }
        }
      : undefined;
  let manifest: Manifest;
  try {
    manifest = await generateWorkspace({ out: workspace, rows, seed, today: opts.today ?? shanghaiDate(), ...(onProgress ? { onProgress } : {}) });
  } catch (err) {
    if (err instanceof RangeError) throw new ExitError(EXIT_USAGE, err.message);
    throw err;
  }
  if (opts.json) printJson(manifestSummary(manifest));
  else printSummary(workspace, manifest);
  return manifest;
}
