import { createInterface } from 'node:readline';

/** Non-empty trimmed lines from stdin; nothing when stdin is a terminal (no piped input). */
export async function readStdinLines(): Promise<string[]> {
  if (process.stdin.isTTY) return [];
  const lines: string[] = [];
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    const value = line.trim();
    if (value) lines.push(value);
  }
  return lines;
}
