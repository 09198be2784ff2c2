import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { type ValueMaps, valueMapKey } from './steps/value-maps.ts';

/** A problem in a value map; `file` and `line` are set when it lies in a CSV table rather than the pipeline file. */
export interface ValueMapProblem {
  path: string;
  message: string;
  file?: string;
  line?: number;
}

interface Entry {
  name: string;
  code: string;
  /** Where the entry is written, for messages: `line 4` of a CSV, or the YAML path of an inline name. */
  line?: number;
  path: string;
}

interface TableFile {
  file: string;
  encoding?: string;
}

function isTableFile(value: unknown): value is TableFile {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).file === 'string';
}

/** Two-column CSV rows (name, code) after a header row, each with its 1-based line. */
function readCsvEntries(file: string, shown: string, encoding: string, at: string, problems: ValueMapProblem[]): Entry[] {
  const text = iconv.decode(readFileSync(file), encoding);
  if (text.includes('\uFFFD')) {
    problems.push({ path: at, file: shown, message: `holds bytes that are not valid ${encoding}; a CSV saved by Excel on Chinese Windows is usually gb18030 (set encoding: gb18030)` });
    return [];
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` each row comes as { record, info }; the sync parser's return type does not say so.
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    problems.push({ path: at, file: shown, message: `cannot be read as CSV: ${err instanceof Error ? err.message : String(err)}` });
    return [];
  }
  const entries: Entry[] = [];
  for (const { record, info } of rows.slice(1)) {
    const [name = '', code = ''] = record.map((cell) => cell.trim());
    if (name === '' && code === '') continue;
    if (name === '' || code === '') {
      problems.push({ path: at, file: shown, line: info.lines, message: `needs a name in column 1 and a code in column 2, found ${JSON.stringify(record)}` });
      continue;
    }
    entries.push({ name, code, line: info.lines, path: at });
  }
  if (rows.length <= 1) problems.push({ path: at, file: shown, message: 'has no entries below its header row (name,code)' });
  return entries;
}

function inlineEntries(table: Record<string, unknown>, at: string, problems: ValueMapProblem[]): Entry[] {
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(table)) {
    const where = `${at}.${name}`;
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      problems.push({ path: where, message: `${value} is too long a number to keep every digit: quote the code` });
      continue;
    }
    const code = String(value).trim();
    if (name.trim() === '' || code === '') problems.push({ path: where, message: 'needs a name and a code' });
    else entries.push({ name, code, path: where });
  }
  return entries;
}

function placeOf(e: Entry): string {
  return e.line === undefined ? e.path : `line ${e.line}`;
}

/**
 * Reads each `value_maps` table — inline, or a CSV file relative to the workspace — into lookup key
 * → code, so the definition carries the whole table: a changed CSV changes the definition. Two
 * names that look the same after normalising but carry different codes are an error.
 */
export function resolveValueMaps(declared: unknown, workspace: string): { maps: ValueMaps | undefined; problems: ValueMapProblem[] } {
  if (declared === undefined || declared === null || typeof declared !== 'object') return { maps: undefined, problems: [] };
  const problems: ValueMapProblem[] = [];
  const maps: ValueMaps = {};
  for (const [field, table] of Object.entries(declared as Record<string, unknown>)) {
    const at = `value_maps.${field}`;
    let entries: Entry[];
    let shown: string | undefined;
    if (isTableFile(table)) {
      const file = path.resolve(workspace, table.file);
      shown = file;
      if (!existsSync(file) || !statSync(file).isFile()) {
        problems.push({ path: `${at}.file`, message: `value map file not found: ${table.file} (paths are relative to the workspace)` });
        continue;
      }
      entries = readCsvEntries(file, file, table.encoding ?? 'utf-8', at, problems);
    } else {
      entries = inlineEntries(table as Record<string, unknown>, at, problems);
    }
    const seen = new Map<string, Entry>();
    for (const e of entries) {
      const key = valueMapKey(e.name);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, e);
      else if (first.code !== e.code) {
        problems.push({
          path: e.line === undefined ? e.path : at,
          message: `${JSON.stringify(e.name)} maps to ${e.code}, but ${JSON.stringify(first.name)} (${placeOf(first)}) reads the same and maps to ${first.code}`,
          ...(shown !== undefined ? { file: shown, line: e.line } : {}),
        });
      }
    }
    // fromEntries defines own properties, so a name such as __proto__ is an entry, not a prototype.
    maps[field] = Object.fromEntries([...seen].map(([key, e]) => [key, e.code]));
  }
  return { maps, problems };
}
