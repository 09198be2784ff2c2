import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALISED = /^'[=+\-@\t\r]/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

export interface FormulaCells {
  cells: number;
  /** Cells written with the leading apostrophe that keeps a spreadsheet from running them. */
  neutralised: number;
  /** Cells a spreadsheet would run as a formula (a negative number is not one). */
  unsafe: string[];
}

/** Reads a CSV the hub wrote and sorts its cells into plain, neutralised and runnable-as-formula. */
export function csvFormulaCells(file: string): FormulaCells {
  const rows = parse(readFileSync(file), { bom: true, relax_column_count: true }) as string[][];
  const out: FormulaCells = { cells: 0, neutralised: 0, unsafe: [] };
  for (const row of rows) {
    for (const cell of row) {
      out.cells++;
      if (NEUTRALISED.test(cell)) out.neutralised++;
      else if (FORMULA_START.test(cell) && !NUMBER.test(cell)) out.unsafe.push(cell.slice(0, 40));
    }
  }
  return out;
}
