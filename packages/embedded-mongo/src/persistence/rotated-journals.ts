import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROTATED = /^journal\.(\d+)\.log$/;

/** The name a journal takes when compaction sets it aside: journal.<n>.log, n counting up. */
export function rotatedJournalName(n: number): string {
  return `journal.${n}.log`;
}

/**
 * The journals compaction set aside in `dir`, oldest first. Each holds the records written between
 * the one before it and the snapshot that was started when it was set aside; a snapshot that was
 * finished names the highest one it covers (CoversRecord).
 */
export function rotatedJournals(dir: string): Array<{ n: number; file: string }> {
  return readdirSync(dir)
    .flatMap((name) => {
      const match = ROTATED.exec(name);
      return match ? [{ n: Number(match[1]), file: join(dir, name) }] : [];
    })
    .sort((a, b) => a.n - b.n);
}
