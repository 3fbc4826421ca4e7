import { describe, expect, it } from 'vitest';
import { compactionDue, compactionThreshold, DEFAULT_COMPACTION_POLICY } from './compaction-policy.ts';

const MB = 1024 * 1024;
const policy = DEFAULT_COMPACTION_POLICY;

describe('when the journal is compacted', () => {
  it('lets the journal grow to 64 MB, or to half the last snapshot if that is larger', () => {
    expect(compactionThreshold(policy, 0)).toBe(64 * MB);
    expect(compactionThreshold(policy, 47 * MB)).toBe(64 * MB);
    // A semester's 730 MB state is not written again after every 64 MB of changes.
    expect(compactionThreshold(policy, 730 * MB)).toBe(365 * MB);
  });

  it('waits for a quiet moment past the threshold, and compacts anyway at twice it', () => {
    expect(compactionDue(policy, 64 * MB, 0)).toBe('no');
    expect(compactionDue(policy, 64 * MB + 1, 0)).toBe('when-quiet');
    expect(compactionDue(policy, 128 * MB, 0)).toBe('when-quiet');
    expect(compactionDue(policy, 128 * MB + 1, 0)).toBe('now');
    expect(compactionDue(policy, 300 * MB, 730 * MB)).toBe('no');
    expect(compactionDue(policy, 400 * MB, 730 * MB)).toBe('when-quiet');
    expect(compactionDue(policy, 731 * MB, 730 * MB)).toBe('now');
  });

  it('compacts at once past the threshold when the policy has no quiet time', () => {
    expect(compactionDue({ ...policy, quietMs: 0 }, 64 * MB + 1, 0)).toBe('now');
    expect(compactionDue({ ...policy, quietMs: 0 }, 64 * MB, 0)).toBe('no');
  });
});
