import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYamlWithLines } from '../core/parse-yaml-with-lines.ts';

/** One item of a file; `lineOf` finds the source line of a JSON pointer inside it when the format can tell. */
export interface CanonicalItem {
  line: number;
  value?: unknown;
  parseError?: string;
  lineOf?: (pointer: string) => number | undefined;
}

function positionLine(text: string, message: string): number {
  const m = /position (\d+)/.exec(message);
  return m ? text.slice(0, Number(m[1])).split('\n').length : 1;
}

function jsonlItems(text: string): CanonicalItem[] {
  const items: CanonicalItem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      items.push({ line: i + 1, value: JSON.parse(raw) as unknown });
    } catch (err) {
      items.push({ line: i + 1, parseError: `not valid JSON: ${(err as Error).message}` });
    }
  });
  return items;
}

/** A document holding one record (line 1) or an array of records (index + 1). */
function documentItems(value: unknown, lineOf?: CanonicalItem['lineOf']): CanonicalItem[] {
  if (Array.isArray(value)) return value.map((v, i) => ({ line: i + 1, value: v }));
  return [lineOf ? { line: 1, value, lineOf } : { line: 1, value }];
}

function yamlItems(text: string): CanonicalItem[] {
  const yaml = parseYamlWithLines(text);
  if (yaml.errors.length > 0) return yaml.errors.map((e) => ({ line: e.line ?? 1, parseError: `not valid YAML: ${e.message}` }));
  return documentItems(yaml.doc.toJS() as unknown, (pointer) => yaml.lineAt(pointer.split('/').slice(1)));
}

/**
 * The items of a file written in the canonical format: JSON (one object or an array), JSONL or
 * YAML, by extension; an unknown extension is tried as JSON, then JSONL. Unreadable parts come
 * back as items with `parseError`, never as a throw.
 */
export function readCanonicalFile(file: string): CanonicalItem[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return jsonlItems(text);
  if (ext === '.yaml' || ext === '.yml') return yamlItems(text);
  try {
    return documentItems(JSON.parse(text) as unknown);
  } catch (err) {
    if (ext === '.json') return [{ line: positionLine(text, (err as Error).message), parseError: `not valid JSON: ${(err as Error).message}` }];
    return jsonlItems(text);
  }
}
