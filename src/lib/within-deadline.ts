/**
 * `work`, or a rejection with `timedOut()` once `ms` have passed, whichever comes first. The work
 * itself is not stopped (a library call cannot be); its late outcome is ignored.
 */
export function withinDeadline<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timedOut()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** A network-style timeout (code ETIMEDOUT), as classifyAgsError reads "could not be reached". */
export function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}
