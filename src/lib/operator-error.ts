/**
 * A failure the person running the tool can fix in its environment (a read-only or full data
 * folder, a port in use, a broken browser): reported as one line naming the cause and the fix,
 * exit code 1, never a stack trace. (Mistakes in the command's own input are UsageError, exit 2.)
 */
export class OperatorError extends Error {
  override readonly name = 'OperatorError';
}
