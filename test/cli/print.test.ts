import { describe, expect, it } from 'vitest';
import { formatTable } from '../../cli/print.ts';

describe('formatTable', () => {
  it('aligns columns by terminal width: Chinese, full-width forms and emoji take two columns', () => {
    const table = formatTable(
      ['名称', 'n'],
      [
        ['营业执照', 1],
        ['abc', 22],
        ['✅ ok', 3],
        ['（Ａ）', 4],
      ],
    );
    expect(table.split('\n')).toEqual(['名称      n', '营业执照   1', 'abc       22', '✅ ok      3', '（Ａ）     4']);
  });
});
