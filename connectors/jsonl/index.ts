import { createInterface } from 'node:readline';
import { HubError } from '../../core/errors.ts';
import { type CheckResult, type ConnectorContext, defineConnector, type SourceRecord } from '../define-connector.ts';
import { openTextStream, type TextEncoding, undecodableError } from '../open-text-stream.ts';
import { resolveSourceFile } from '../resolve-source-file.ts';
import { readFileBatches } from '../read-file-batches.ts';
import configSchema from './config.schema.json' with { type: 'json' };

export type JsonlConfig = {
  connector: 'jsonl';
  path: string;
  encoding?: TextEncoding;
};

function toRecord(line: number, text: string, encoding: TextEncoding): SourceRecord {
  const undecodable = undecodableError(text, encoding);
  if (undecodable) return { line, text, error: undecodable };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { line, text, error: err instanceof Error ? err.message : String(err) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, text, error: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  }
  return { line, data: value as Record<string, unknown> };
}

/** Every non-blank line as a record, numbered by its line in the file. */
async function* jsonlRecords(file: string, config: JsonlConfig): AsyncGenerator<SourceRecord> {
  const encoding = config.encoding ?? 'utf-8';
  const text = openTextStream(file, encoding);
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const raw of lines) {
      n++;
      // iconv keeps the GB18030 byte-order mark as U+FEFF; JSON.parse would reject it.
      const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      yield toRecord(n, line, encoding);
    }
  } finally {
    lines.close();
    text.destroy();
  }
}

export default defineConnector<JsonlConfig>({
  kind: 'jsonl',
  configSchema,

  read(config, state, ctx: ConnectorContext) {
    return readFileBatches('jsonl', 'line', config, state, ctx, (file) => jsonlRecords(file, config));
  },

  async check(config, ctx): Promise<CheckResult> {
    try {
      const file = await resolveSourceFile(config.path, ctx.workspace);
      let unreadable = 0;
      for await (const record of jsonlRecords(file, config)) {
        if (record.data) {
          const columns = Object.keys(record.data);
          const skipped = unreadable > 0 ? ` (${unreadable} unreadable line${unreadable > 1 ? 's' : ''} before it)` : '';
          return { ok: true, message: `${config.path}: first object at line ${record.line} has ${columns.length} keys${skipped}`, columns };
        }
        unreadable++;
      }
      return { ok: false, message: `${config.path}: no JSON object found${unreadable > 0 ? ` (${unreadable} unreadable lines)` : ''}` };
    } catch (err) {
      if (err instanceof HubError) return { ok: false, message: err.message };
      throw err;
    }
  },
});
