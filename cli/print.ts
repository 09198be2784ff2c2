/** One JSON document on stdout, for `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A plain text table with right-aligned numbers. */
export function formatTable(head: string[], rows: (string | number)[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const cell = (v: string | number, i: number) => (typeof v === 'number' ? String(v).padStart(widths[i]!) : String(v).padEnd(widths[i]!));
  return [head.map((h, i) => h.padEnd(widths[i]!)).join('  '), ...rows.map((r) => r.map(cell).join('  '))].join('\n');
}
