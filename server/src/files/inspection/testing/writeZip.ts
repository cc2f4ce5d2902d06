import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP writer for hostile test files, whose headers the tests need
 * to control (sizes that lie, entries no library would write). Not for
 * production use: no ZIP64, no timestamps.
 */

export type ZipEntry = {
  name: string;
  /** The bytes as stored (already deflated when `method` is 'deflate' and `raw` is true). */
  data: Buffer;
  method?: 'store' | 'deflate';
  /** `data` is already compressed; `size` and `crc` must then be given. */
  raw?: boolean;
  /** The uncompressed size written in the headers (defaults to the real one). */
  size?: number;
  crc?: number;
};

export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.method === 'store' ? 0 : 8;
    const stored = entry.raw || method === 0 ? entry.data : deflateRawSync(entry.data);
    const size = entry.size ?? entry.data.length;
    const crc = entry.crc ?? crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, stored);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * `mebibytes` MiB of zeros as a raw DEFLATE stream, without holding them:
 * one MiB compressed with a full flush is a byte-aligned block sequence that
 * needs no history, so copies of it concatenate; an empty final block ends it.
 */
export function deflatedZeros(mebibytes: number): { data: Buffer; size: number; crc: number } {
  const zeros = Buffer.alloc(1024 * 1024);
  const block = deflateRawSync(zeros, { finishFlush: 3 /* Z_FULL_FLUSH */ });
  let crc = 0;
  for (let i = 0; i < mebibytes; i++) crc = crc32(zeros, crc);
  const finalBlock = Buffer.from([0x03, 0x00]);
  const data = Buffer.concat([...Array.from({ length: mebibytes }, () => block), finalBlock]);
  return { data, size: mebibytes * 1024 * 1024, crc };
}
