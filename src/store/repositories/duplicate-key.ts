/** MongoDB's E11000: a unique index refused the write (the same code from MongoDB and the embedded store). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}
