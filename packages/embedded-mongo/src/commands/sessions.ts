import { commandError } from '../engine/errors.ts';
import type { CommandHandler } from './context.ts';

// Sessions are accepted (drivers attach lsid to everything) but carry no state: there are no
// transactions or retryable writes on a standalone server.
export const endSessions: CommandHandler = () => ({ ok: 1 });
export const killAllSessions: CommandHandler = () => ({ ok: 1 });
export const refreshSessions: CommandHandler = () => ({ ok: 1 });

export function transactionsUnsupported(): never {
  throw commandError(
    'IllegalOperation',
    'Transaction numbers are only allowed on a replica set member or mongos; the embedded store runs standalone and does not support transactions',
  );
}

export const commitTransaction: CommandHandler = () => transactionsUnsupported();
export const abortTransaction: CommandHandler = () => transactionsUnsupported();
