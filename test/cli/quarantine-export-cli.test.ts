import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { copyWorkspace } from '../pipelines/workspace-copy.ts';
import { runCli } from './run-cli.ts';

it('quarantine export masks identity numbers unless --unmasked, which is logged', () => {
  const ws = copyWorkspace('housing-workers');
  expect(runCli(['sync', 'workers', '-w', ws]).code).toBe(0);
  // The suite silences logs; this test reads the log line an unmasked export must write.
  const env = { ECERT_LOG_LEVEL: 'warn' };
  const masked = runCli(['quarantine', 'export', '--format', 'csv', '--out', path.join(ws, 'back'), '-w', ws], { env });
  expect(masked.code).toBe(0);
  expect(masked.stderr).not.toContain('identities_exported');
  expect(readFileSync(path.join(ws, 'back', 'workers.csv'), 'utf8')).toContain('330502********0154');

  const plain = runCli(['quarantine', 'export', '--format', 'csv', '--out', path.join(ws, 'plain.csv'), '--pipeline', 'workers', '--unmasked', '-w', ws], { env });
  expect(plain.code).toBe(0);
  expect(readFileSync(path.join(ws, 'plain.csv'), 'utf8')).toContain('330502199009040154');
  const logged = plain.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(logged).toContainEqual(expect.objectContaining({ event: 'identities_exported', records: 2, files: [path.join(ws, 'plain.csv')] }));
  expect(plain.stderr).toContain('NOT masked');

  const bad = runCli(['quarantine', 'export', '--format', 'ods', '--out', path.join(ws, 'x'), '-w', ws]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--format must be csv, jsonl or xlsx');
}, 120_000);
