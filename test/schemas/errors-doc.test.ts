import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../core/errors.ts';

const DOC = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'errors.md'), 'utf8');

/** `| `CODE` | 404 | terminal | meaning |` rows of the table. */
const documented = new Map(
  [...DOC.matchAll(/^\| `(HUB_ERR_[A-Z_]+)` \| (\d{3}) \| (transient|terminal) \| (.+) \|$/gm)].map((m) => [m[1]!, { status: Number(m[2]), kind: m[3]! }]),
);

describe('docs/errors.md', () => {
  it.each(Object.entries(ERRORS))('documents %s with its status and kind', (code, spec) => {
    expect(documented.get(code)).toEqual({ status: spec.status, kind: spec.kind });
  });

  it('documents no code the catalogue does not have', () => {
    expect([...documented.keys()].filter((code) => !Object.hasOwn(ERRORS, code))).toEqual([]);
  });
});
