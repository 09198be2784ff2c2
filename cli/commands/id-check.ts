import { classifyId } from '../../schemas/formats/classify-id.ts';
import type { IdResult } from '../../schemas/formats/id-result.ts';
import { EXIT_FAILED, EXIT_USAGE, ExitError } from '../exit-error.ts';
import { readStdinLines } from '../read-stdin-lines.ts';

export interface IdCheckRow {
  value: string;
  kind: IdResult['kind'];
  valid: boolean;
  normalised: string;
  reason: IdResult['reason'] | null;
  warnings?: string[];
}

const KIND_LABEL: Record<IdResult['kind'], string> = {
  uscc: '统一社会信用代码 USCC',
  'org-code': '组织机构代码 organisation code',
  'resident-id': '公民身份号码 resident id',
  'division-code': '行政区划代码 division code',
  unknown: 'unknown',
};

function checkIds(values: string[], today: Date = new Date()): IdCheckRow[] {
  return values.map((value) => {
    const r = classifyId(value, today);
    const row: IdCheckRow = { value, kind: r.kind, valid: r.valid, normalised: r.normalised, reason: r.reason ?? null };
    if (r.warnings) row.warnings = r.warnings;
    return row;
  });
}

export async function idCheck(values: string[], opts: { json?: boolean }): Promise<void> {
  const input = values.length > 0 ? values : await readStdinLines();
  if (input.length === 0) throw new ExitError(EXIT_USAGE, 'no identifiers given: pass them as arguments or one per line on stdin');
  const rows = checkIds(input);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const r of rows) {
      const verdict = r.valid ? 'valid' : `invalid (${r.reason})`;
      const changed = r.normalised !== r.value ? ` → ${r.normalised}` : '';
      const warn = r.warnings ? `; warning: ${r.warnings.join('; ')}` : '';
      process.stdout.write(`${r.value}${changed}\t${KIND_LABEL[r.kind]}\t${verdict}${warn}\n`);
    }
  }
  if (rows.some((r) => !r.valid)) throw new ExitError(EXIT_FAILED);
}
