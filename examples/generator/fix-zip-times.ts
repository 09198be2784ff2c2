import { open } from 'node:fs/promises';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** MS-DOS date and time words of a UTC instant (2-second resolution). */
function dosDateTime(at: Date): { date: number; time: number } {
  return {
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
  };
}

/**
 * Stamps every entry of a finished zip file with one modification time, in both the local headers
 * and the central directory. The zip writer inside exceljs stamps entries with the current clock
 * and offers no option for it; without this, two runs with the same seed would differ in bytes.
 */
export async function fixZipTimes(file: string, at: Date): Promise<void> {
  const { date, time } = dosDateTime(at);
  const fh = await open(file, 'r+');
  try {
    const { size } = await fh.stat();
    const tailSize = Math.min(size, EOCD_SIZE + MAX_COMMENT);
    const tail = Buffer.alloc(tailSize);
    await fh.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - EOCD_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${file}: no zip end-of-central-directory record`);
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    const dir = Buffer.alloc(dirSize);
    await fh.read(dir, 0, dirSize, dirOffset);
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE(time, 0);
    stamp.writeUInt16LE(date, 2);
    const header = Buffer.alloc(4);
    let pos = 0;
    for (let n = 0; n < entries; n++) {
      if (dir.readUInt32LE(pos) !== CENTRAL_SIGNATURE) throw new Error(`${file}: bad central directory entry ${n}`);
      stamp.copy(dir, pos + 12);
      const localOffset = dir.readUInt32LE(pos + 42);
      await fh.read(header, 0, 4, localOffset);
      if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error(`${file}: bad local header for entry ${n}`);
      await fh.write(stamp, 0, 4, localOffset + 10);
      pos += 46 + dir.readUInt16LE(pos + 28) + dir.readUInt16LE(pos + 30) + dir.readUInt16LE(pos + 32);
    }
    await fh.write(dir, 0, dirSize, dirOffset);
  } finally {
    await fh.close();
  }
}
