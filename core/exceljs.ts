import { createRequire } from 'node:module';

/**
 * exceljs, with one fix. Its streaming reader decodes every zip chunk on its own
 * (`lib/utils/parse-sax.js`), so a Chinese character whose UTF-8 bytes straddle two chunks turns
 * into U+FFFD — silently corrupting names and statuses in large workbooks. We install a
 * parse-sax that decodes with a streaming TextDecoder before exceljs loads; every module of the
 * project imports exceljs from here so that the fix is in place whoever loads it first.
 */

const require = createRequire(import.meta.url);
const mainPath = require.resolve('exceljs');
const saxPath = require.resolve('exceljs/lib/utils/parse-sax.js');

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}

interface SaxesParserLike {
  on(event: string, handler: (value: unknown) => void): void;
  write(text: string): void;
}

function installStreamingDecoder(): void {
  if (require.cache[mainPath]) {
    throw new Error('exceljs was loaded before core/exceljs.ts: import it from core/exceljs.ts so multi-byte text is decoded safely');
  }
  const fromExceljs = createRequire(saxPath);
  const { SaxesParser } = fromExceljs('saxes') as { SaxesParser: new () => SaxesParserLike };
  const { PassThrough } = fromExceljs('readable-stream') as typeof import('node:stream');

  async function* parseSax(input: AsyncIterable<Uint8Array | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
    const iterable: AsyncIterable<Uint8Array | string> =
      typeof input.pipe === 'function' && !(Symbol.asyncIterator in input)
        ? (input as unknown as NodeJS.ReadableStream).pipe(new PassThrough())
        : input;
    const parser = new SaxesParser();
    const decoder = new TextDecoder('utf-8');
    let error: unknown;
    let events: SaxEvent[] = [];
    parser.on('error', (err) => {
      error = err;
    });
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.decode();
    if (rest) {
      parser.write(rest);
      if (error) throw error;
      yield events;
    }
  }

  require(saxPath);
  const cached = require.cache[saxPath];
  if (!cached) throw new Error(`exceljs parse-sax not found at ${saxPath}`);
  cached.exports = parseSax;
}

installStreamingDecoder();

const ExcelJS = require('exceljs') as typeof import('exceljs');

export default ExcelJS;
