/**
 * When the journal is compacted (the whole state written again as a snapshot). A compaction costs
 * in proportion to the state, so the journal is allowed to grow in proportion to it too: a fixed
 * threshold would write a large state again after every few megabytes of changes. Past the
 * threshold the store prefers a moment without writes, so that the seconds a large state takes to
 * write fall outside a burst of requests; at twice the threshold it compacts anyway, which bounds
 * what a restart replays.
 */
export interface CompactionPolicy {
  /** The journal is never compacted below this many bytes. */
  minBytes: number;
  /** Nor below this share of the last snapshot's bytes. */
  snapshotRatio: number;
  /** Past the threshold, how long without an appended record counts as quiet (0: compact at once). */
  quietMs: number;
}

export const DEFAULT_COMPACTION_POLICY: CompactionPolicy = {
  minBytes: 64 * 1024 * 1024,
  snapshotRatio: 0.5,
  quietMs: 200,
};

export type CompactionDue = 'no' | 'when-quiet' | 'now';

export function compactionThreshold(policy: CompactionPolicy, snapshotBytes: number): number {
  return Math.max(policy.minBytes, policy.snapshotRatio * snapshotBytes);
}

export function compactionDue(policy: CompactionPolicy, journalBytes: number, snapshotBytes: number): CompactionDue {
  const threshold = compactionThreshold(policy, snapshotBytes);
  if (journalBytes <= threshold) return 'no';
  return policy.quietMs === 0 || journalBytes > 2 * threshold ? 'now' : 'when-quiet';
}
