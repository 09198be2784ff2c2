import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Manifest } from './manifest.ts';

/** Pretty JSON with every line after the first indented by `level` steps. */
function indented(value: unknown, level: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(level)}`);
}

/**
 * manifest.json, streamed: the summary pretty-printed, the defect lists one entry per line so
 * that a million-row manifest stays readable and is never one huge string.
 */
export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const { departments, ...rest } = manifest;
  const head = { seed: rest.seed, rows: rest.rows, today: rest.today, batch_size: rest.batch_size };
  await write(`${indented(head, 0).slice(0, -2)},\n  "departments": [`);
  for (const [i, d] of departments.entries()) {
    const { defects, ...summary } = d;
    await write(`${i === 0 ? '' : ','}\n    ${indented(summary, 2).slice(0, -6)},\n      "defects": [`);
    for (const [j, defect] of defects.entries()) await write(`${j === 0 ? '' : ','}\n        ${JSON.stringify(defect)}`);
    await write(`${defects.length === 0 ? '' : '\n      '}]\n    }`);
  }
  const tail = { matters: rest.matters, coverage: rest.coverage, demo: rest.demo, holders: rest.holders };
  await write(`\n  ],\n  ${indented(tail, 1).slice(6, -4)}\n}\n`);
  const closed = once(out, 'close');
  out.end();
  await closed;
}
