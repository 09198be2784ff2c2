import { utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileFingerprint } from '../../connectors/file-fingerprint.ts';
import { tempWorkspace } from './temp-workspace.ts';

const ws = tempWorkspace();
const at = (name: string) => path.join(ws.dir(), name);

describe('file fingerprint', () => {
  it('tells apart files of the same size and modification time by their content', async () => {
    await ws.write('a.csv', '证照编号\nYYZZ1\n');
    await ws.write('b.csv', '证照编号\nYYZZ2\n');
    const when = new Date('2026-01-01T00:00:00Z');
    utimesSync(at('a.csv'), when, when);
    utimesSync(at('b.csv'), when, when);
    expect(await fileFingerprint(at('a.csv'))).not.toBe(await fileFingerprint(at('b.csv')));
  });

  it('ignores the modification time and notices a grown file', async () => {
    await ws.write('c.csv', '证照编号\nYYZZ1\n');
    const before = await fileFingerprint(at('c.csv'));
    utimesSync(at('c.csv'), new Date(), new Date('2020-01-01T00:00:00Z'));
    expect(await fileFingerprint(at('c.csv'))).toBe(before);
    await ws.write('c.csv', '证照编号\nYYZZ1\nYYZZ2\n');
    expect(await fileFingerprint(at('c.csv'))).not.toBe(before);
  });

  it('hashes only the head of a large file, and its size', async () => {
    const head = 'x'.repeat(64 * 1024);
    await ws.write('big-1.txt', `${head}aaaa`);
    await ws.write('big-2.txt', `${head}bbbb`);
    expect(await fileFingerprint(at('big-1.txt'))).toBe(await fileFingerprint(at('big-2.txt')));
    expect(await fileFingerprint(at('big-1.txt'))).toMatch(/^65540:sha256:[0-9a-f]{64}$/);
  });
});
