import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { acquireLock } from './lock.ts';
import { salvageFrames } from './records.ts';
import { rotatedJournals } from './rotated-journals.ts';
import { writeSnapshot } from './snapshot.ts';

export interface RepairedFile {
  file: string;
  records: number;
  /** Byte ranges that could not be read and were left out. */
  skipped: Array<{ offset: number; bytes: number }>;
  /** The untouched original, kept beside the repaired file. */
  keptAs: string;
}

/**
 * `store repair`: rewrites a damaged snapshot or journal (or a journal compaction set aside) with
 * every frame that can still be read, after copying the original beside it
 * (`journal.log.damaged-<time>`), so nothing is destroyed and an expert can still look at the
 * bytes. Files without damage are left alone. The store must not be running (the lock is taken).
 * Returns what was repaired; [] when nothing needed it.
 */
export async function repairDataDirectory(dir: string, now = new Date()): Promise<RepairedFile[]> {
  const release = await acquireLock(dir, 0);
  try {
    const repaired: RepairedFile[] = [];
    const files = [join(dir, 'snapshot.bin'), ...rotatedJournals(dir).map((r) => r.file), join(dir, 'journal.log')];
    for (const file of files) {
      if (!existsSync(file)) continue;
      const buf = readFileSync(file);
      const { records, skipped } = salvageFrames(buf);
      if (skipped.length === 0) continue;
      const keptAs = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
      copyFileSync(file, keptAs);
      // Written as a snapshot is (temp file, fsync, rename, fsync of the directory): a crash
      // during the repair leaves the damaged file or the repaired one, never a mix.
      await writeSnapshot(file, dir, records);
      repaired.push({ file, records: records.length, skipped, keptAs: basename(keptAs) });
    }
    return repaired;
  } finally {
    release();
  }
}
