/** A task run every `intervalMs` after the previous run ended, and on demand; one run at a time. */
export interface PeriodicTask<T> {
  /** Runs the task now, or joins the run in progress. */
  runNow(): Promise<T>;
  /** The same, a failure logged as a scheduled run's is (the next run comes at the usual time). */
  runNowLogged(): Promise<void>;
  /** No more runs; waits for the one in progress. */
  stop(): Promise<void>;
}

/**
 * Background work of the server (grade sync, the deadline sweep): a failed run is logged and the
 * next one comes at the usual time, so one bad moment (the store away) does not end the work.
 */
export function startPeriodicTask<T>(
  name: string,
  run: () => Promise<T>,
  intervalMs: number,
  log: (line: string) => void,
): PeriodicTask<T> {
  let running: Promise<T> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const runNow = (): Promise<T> => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };
  const runNowLogged = (): Promise<void> =>
    runNow().then(
      () => undefined,
      (error: unknown) => {
        log(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  const tick = (): void => {
    if (stopped) return;
    void runNowLogged().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    runNow,
    runNowLogged,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
