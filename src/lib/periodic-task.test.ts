import { describe, expect, it } from 'vitest';
import { startPeriodicTask } from './periodic-task.ts';

describe('startPeriodicTask', () => {
  it('logs a failed run started on demand and keeps its schedule, as a scheduled run does', async () => {
    const lines: string[] = [];
    let runs = 0;
    const task = startPeriodicTask(
      'repair failed (retried at the next run)',
      async () => {
        runs++;
        if (runs === 1) throw new Error('store busy');
        return runs;
      },
      20,
      (line) => lines.push(line),
    );
    await expect(task.runNowLogged()).resolves.toBeUndefined();
    expect(lines).toEqual(['repair failed (retried at the next run): store busy']);
    // The next run comes at the usual time and succeeds.
    for (let i = 0; i < 100 && runs < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBeGreaterThanOrEqual(2);
    await task.stop();
    expect(lines).toHaveLength(1);
  });

  it('hands a failure of runNow to its caller', async () => {
    const task = startPeriodicTask(
      'worker',
      () => Promise.reject(new Error('no')),
      60_000,
      () => undefined,
    );
    await expect(task.runNow()).rejects.toThrow('no');
    await task.stop();
  });
});
