import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import iconv from 'iconv-lite';

const CHUNK_CHARS = 1 << 16;

/**
 * Text lines to a file, encoded chunk by chunk (GB18030 through iconv-lite) so no whole file is
 * ever a string, and waiting for 'drain' when the disk falls behind.
 */
export class LineSink {
  private readonly out: WriteStream;
  private readonly encoding: 'utf-8' | 'gb18030';
  private readonly eol: string;
  private parts: string[] = [];
  private chars = 0;

  constructor(file: string, options: { encoding: 'utf-8' | 'gb18030'; bom: boolean; eol: '\n' | '\r\n' }) {
    this.out = createWriteStream(file);
    this.encoding = options.encoding;
    this.eol = options.eol;
    if (options.bom) this.out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  write(line: string): void {
    this.parts.push(line, this.eol);
    this.chars += line.length + this.eol.length;
  }

  /** True when enough text is buffered that the caller should `await flush()`. */
  get full(): boolean {
    return this.chars >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.chars === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    const bytes = this.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    const closed = once(this.out, 'close');
    this.out.end();
    await closed;
  }
}
