import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  unmount(): void;
}

/**
 * A real full disk: a tmpfs of `sizeKiB` mounted on a fresh directory (CI runs as root). Returns
 * why not when mounting is not permitted here, so the caller skips with that reason instead of
 * pretending; every other failure throws.
 */
export function mountSmallDisk(sizeKiB: number): SmallDisk | { notPermitted: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ev-small-disk-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return {
      notPermitted: `cannot mount a tmpfs (needs root or CAP_SYS_ADMIN): ${(r.stderr || r.error?.message || '').trim()}`,
    };
  }
  return {
    dir,
    unmount() {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Can this process mount a tmpfs? Decided once, before tests are declared (it.skipIf). */
export function smallDiskUnavailable(): string | undefined {
  const probe = mountSmallDisk(64);
  if ('notPermitted' in probe) return probe.notPermitted;
  probe.unmount();
  return undefined;
}
