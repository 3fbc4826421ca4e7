/**
 * `work`, or a rejection with `message` (code ETIMEDOUT) once `ms` have passed, whichever comes
 * first. The work itself is not stopped (a library call cannot be); its late outcome is ignored.
 */
export function withinDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(message), { code: 'ETIMEDOUT' })), ms);
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
