import { createReadStream } from 'node:fs';
import { pipeline, type Readable, type Transform } from 'node:stream';
import iconv from 'iconv-lite';

/** The text encodings department exports come in; `utf8` is accepted as a common spelling of `utf-8`. */
const TEXT_ENCODINGS = ['utf-8', 'utf8', 'gbk', 'gb18030'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/**
 * A file as a stream of decoded text, chunk by chunk, so memory stays flat whatever the file
 * size. Bytes that are not valid in `encoding` decode to U+FFFD, which `undecodableError` spots.
 */
export function openTextStream(file: string, encoding: TextEncoding): Readable {
  // A read or decode error destroys the returned stream with that error, so whoever iterates it
  // sees the error; the callback has nothing left to do.
  // iconv-lite types its decoder as the legacy NodeJS.ReadWriteStream; it is a stream.Transform.
  const decoder = iconv.decodeStream(encoding) as unknown as Transform;
  return pipeline(createReadStream(file), decoder, () => undefined);
}

/** The error for a row holding bytes its encoding cannot decode, or undefined when it decoded cleanly. */
export function undecodableError(text: string, encoding: TextEncoding): string | undefined {
  return text.includes('\uFFFD') ? `undecodable bytes for encoding ${encoding === 'utf8' ? 'utf-8' : encoding}` : undefined;
}
