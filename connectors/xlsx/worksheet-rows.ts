import { cellValue } from './cell-value.ts';
import type { WorkbookParts } from './read-workbook-parts.ts';
import { xmlEvents } from './xml-events.ts';
import type { ZipArchive } from './zip-archive.ts';

export interface SheetRow {
  /** 1-based row number as the sheet numbers it. */
  number: number;
  /** Cell values, index 0 = column A; missing cells are null. */
  values: unknown[];
}

/** `AB12` → 27 (0-based column of AB); undefined without letters. */
function columnIndex(ref: string | undefined): number | undefined {
  if (!ref) return undefined;
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return i === 0 ? undefined : col - 1;
}

/**
 * The rows of one worksheet part, streamed: only the current row is held, whatever the sheet's
 * size. Rows the sheet leaves out (blank ones) are not yielded; row and column numbers come
 * from the `r` attributes where present, else from the order of the elements.
 */
export async function* worksheetRows(zip: ZipArchive, part: string, workbook: WorkbookParts): AsyncGenerator<SheetRow> {
  const stream = await zip.open(part);
  let row: SheetRow | undefined;
  let rowNumber = 0;
  let col = -1;
  let type: string | undefined;
  let isDate = false;
  let text: string[] | undefined;
  let collecting = false;
  let inPhonetic = false;
  try {
    for await (const events of xmlEvents(stream)) {
      const ready: SheetRow[] = [];
      for (const e of events) {
        if (e.kind === 'text') {
          if (collecting) text!.push(e.text);
          continue;
        }
        if (e.kind === 'open') {
          switch (e.name) {
            case 'row':
              rowNumber = e.attrs.r ? Number(e.attrs.r) : rowNumber + 1;
              row = { number: rowNumber, values: [] };
              col = -1;
              if (e.empty) {
                ready.push(row);
                row = undefined;
              }
              break;
            case 'c':
              col = columnIndex(e.attrs.r) ?? col + 1;
              type = e.attrs.t;
              isDate = workbook.dateStyles[Number(e.attrs.s ?? 0)] === true;
              text = undefined;
              break;
            case 'v':
            case 't':
              if (!inPhonetic) {
                text ??= [];
                collecting = !e.empty;
              }
              break;
            case 'rPh':
              inPhonetic = !e.empty;
              break;
          }
          continue;
        }
        switch (e.name) {
          case 'v':
          case 't':
            collecting = false;
            break;
          case 'rPh':
            inPhonetic = false;
            break;
          case 'c':
            if (row && col >= 0) {
              const value = cellValue({ type, text: text?.join(''), isDate }, workbook.sharedStrings, workbook.date1904);
              while (row.values.length < col) row.values.push(null);
              row.values[col] = value;
            }
            break;
          case 'row':
            if (row) ready.push(row);
            row = undefined;
            break;
        }
      }
      yield* ready;
    }
  } finally {
    stream.destroy();
  }
}
