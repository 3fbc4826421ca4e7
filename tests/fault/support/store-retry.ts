/**
 * The test's own maintenance writes against a store that was just killed and restarted. The
 * driver's pool may still hold a connection to the killed process, and a multi-document write
 * (updateMany) is not retryable by the driver, so its first use can fail with ECONNRESET. The app's
 * writes are judged by the test; the test's own set-up is not, so it retries until the store answers.
 */
export async function untilTheStoreAnswers<T>(write: () => Promise<T>, tries = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (attempt >= tries || !/^Mongo(Network|ServerSelection|NotConnected|PoolCleared)/.test(name)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
