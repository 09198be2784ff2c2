import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** A zip file opened for random access: entries by name, each readable on its own, in any order. */
export interface ZipArchive {
  /** The stored name of a part (`xl/workbook.xml`), matched exactly, then ignoring case and `\` separators. */
  find(name: string): string | undefined;
  open(name: string): Promise<Readable>;
  close(): void;
}

const key = (name: string) => name.replace(/\\/g, '/').replace(/^\//, '').toLowerCase();

/**
 * Opens a zip by its central directory, the way every zip reader but a streaming one does, so
 * the order its entries are written in does not matter: the shared strings can come after the
 * worksheets, or the workbook last, as WPS, LibreOffice and other libraries write them.
 */
export function openZipArchive(file: string): Promise<ZipArchive> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map<string, yauzl.Entry>();
      const byKey = new Map<string, string>();
      zip.on('error', reject);
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        if (!byKey.has(key(entry.fileName))) byKey.set(key(entry.fileName), entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () =>
        resolve({
          find: (name) => (entries.has(name) ? name : byKey.get(key(name))),
          open: (name) =>
            new Promise((resolveStream, rejectStream) => {
              const entry = entries.get(name);
              if (!entry) return rejectStream(new Error(`no part ${name} in the workbook`));
              zip.openReadStream(entry, (openErr, stream) => (openErr ? rejectStream(openErr) : resolveStream(stream)));
            }),
          close: () => zip.close(),
        }),
      );
      zip.readEntry();
    });
  });
}
