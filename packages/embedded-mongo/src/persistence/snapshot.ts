import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { JournalCorruptError } from './journal-corrupt-error.ts';
import { decodeFrames, encodeRecord, type JournalRecord } from './records.ts';

/** Writes buffers in ~4 MiB chunks so a large state is not concatenated into one huge buffer. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Replaces the snapshot atomically: write a temp file, fsync it, rename over the old one, fsync the
 * directory so the rename itself survives a power cut. A crash at any point leaves either the old
 * or the new snapshot, never a mix.
 */
export function writeSnapshot(path: string, dir: string, records: Iterable<JournalRecord>): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let chunk: Buffer[] = [];
    let size = 0;
    for (const record of records) {
      const frame = encodeRecord(record);
      chunk.push(frame);
      size += frame.length;
      if (size >= CHUNK_BYTES) {
        writeAll(fd, Buffer.concat(chunk));
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length > 0) writeAll(fd, Buffer.concat(chunk));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncDirectory(dir);
}

/**
 * The records of the snapshot, or none. A snapshot is complete by construction (rename), so any bad
 * frame in it is damage: JournalCorruptError (the repair keeps what can be read).
 */
export function readSnapshot(path: string, dataDir: string, repairCommand: string): JournalRecord[] {
  rmSync(`${path}.tmp`, { force: true });
  if (!existsSync(path)) return [];
  const buf = readFileSync(path);
  const { records, goodLength } = decodeFrames(buf);
  if (goodLength < buf.length) throw new JournalCorruptError(path, goodLength, dataDir, repairCommand);
  return records;
}

function writeAll(fd: number, buf: Buffer): void {
  let offset = 0;
  while (offset < buf.length) offset += writeSync(fd, buf, offset, buf.length - offset);
}

export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
