/** One JSON document on stdout, for `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

// East Asian wide and full-width characters take two terminal columns.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, left: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return left ? fill + text : text + fill;
}

/** A plain text table with right-aligned numbers, aligned for Chinese text too. */
export function formatTable(head: string[], rows: (string | number)[][]): string {
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(String(r[i] ?? '')))));
  const line = (cells: string[]) => cells.join('  ').trimEnd();
  return [
    line(head.map((h, i) => pad(h, widths[i]!, false))),
    ...rows.map((r) => line(r.map((v, i) => pad(String(v), widths[i]!, typeof v === 'number')))),
  ].join('\n');
}
