import type { AppConfig } from './config.ts';
import { OperatorError } from './lib/operator-error.ts';

type SystemError = Error & { code?: unknown; path?: unknown; syscall?: unknown; cause?: unknown };

/**
 * A start-up failure the operator can fix, as one line naming the cause and the fix; undefined
 * for anything else (a bug keeps its stack trace). The cause is looked for along `cause` chains:
 * the store wraps what the file system said.
 */
export function startupFailureMessage(error: unknown, config: AppConfig): string | undefined {
  for (
    let e = error as SystemError | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as SystemError | undefined, depth++
  ) {
    const message = explain(e, config);
    if (message) return message;
  }
  return undefined;
}

function explain(e: SystemError, config: AppConfig): string | undefined {
  const where = typeof e.path === 'string' ? ` (${typeof e.syscall === 'string' ? e.syscall : 'open'} ${e.path})` : '';
  switch (e.code) {
    case 'EROFS':
      return `the data folder ${config.dataDir} is on a read-only file system${where}: set DATA_DIR to a writable folder (or mount it read-write)`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to write in the data folder ${config.dataDir}${where}: give the user running the tool write access, or set DATA_DIR to a folder it owns`;
    case 'ENOSPC':
      return `the disk holding the data folder ${config.dataDir} is full${where}: free space there, or set DATA_DIR to a folder on another disk`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `the data folder ${config.dataDir} cannot be created${where}: a file is in the way; set DATA_DIR to a folder`;
    case 'EADDRINUSE':
      return `port ${config.port} on ${config.host} is already in use by another program: stop that program, or set PORT to a free port`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${config.host}: this machine has no such address; set HOST to one of its addresses (or leave it unset)`;
  }
  if (
    e instanceof OperatorError ||
    e.name === 'StoreUnavailableError' ||
    e.name === 'JournalCorruptError' ||
    e.name === 'DataDirectoryInUseError'
  )
    return e.message;
  return undefined;
}
