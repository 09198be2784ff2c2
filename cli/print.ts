import stringWidth from 'string-width';

/** One JSON document on stdout, for `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

function pad(text: string, width: number, left: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return left ? fill + text : text + fill;
}

/** A plain text table with right-aligned numbers, aligned for Chinese text too. */
export function formatTable(head: string[], rows: (string | number)[][]): string {
  const widths = head.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(String(r[i] ?? '')))));
  const line = (cells: string[]) => cells.join('  ').trimEnd();
  return [
    line(head.map((h, i) => pad(h, widths[i]!, false))),
    ...rows.map((r) => line(r.map((v, i) => pad(String(v), widths[i]!, typeof v === 'number')))),
  ].join('\n');
}
