import { vi } from 'vitest';

/** Runs a command function and returns what it printed on stdout. */
export async function printed<T>(work: () => Promise<T>): Promise<{ result: T; out: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const result = await work();
    return { result, out: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}
