import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

/** sha256 of exceljs 4.4.0's lib/utils/parse-sax.js, the module core/exceljs.ts replaces. */
const PATCHED_SHA256 = '14c05f86bc7eb0a698ad263b479ccaa53335821b9c082bb977fca980a93b1b27';

describe('core/exceljs.ts patch', () => {
  it('is applied to the exceljs file it was written for', () => {
    const file = require.resolve('exceljs/lib/utils/parse-sax.js');
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    const { version } = require('exceljs/package.json') as { version: string };
    expect(
      sha256,
      `exceljs ${version} changed lib/utils/parse-sax.js, which core/exceljs.ts replaces with a copy that decodes ` +
        'UTF-8 across zip chunks. Re-read the new file: carry its changes into core/exceljs.ts, or drop the patch if ' +
        'exceljs now decodes with a streaming TextDecoder; check that the stream readers still require ' +
        "'../../utils/parse-sax' and that the xlsx connector test of multi-byte text across chunks passes; then pin " +
        'the new exceljs version in package.json and update PATCHED_SHA256.',
    ).toBe(PATCHED_SHA256);
  });
});
