import type { Document } from 'bson';
import { commandError } from '../engine/errors.ts';
import { aggregate } from './aggregate.ts';
import { create, dbStats, drop, dropDatabase, listCollections, listDatabases } from './collections.ts';
import { errorReply, type CommandContext, type CommandCounts, type CommandHandler } from './context.ts';
import { count, distinct } from './count-distinct.ts';
import { remove } from './delete.ts';
import { find, getMore, killCursors } from './find.ts';
import { findAndModify } from './find-and-modify.ts';
import {
  buildInfo,
  connectionStatus,
  getCmdLineOpts,
  getLog,
  getParameter,
  hello,
  hostInfo,
  ping,
  serverStatus,
  whatsmyuri,
} from './handshake.ts';
import { createIndexes, dropIndexes, listIndexes } from './indexes.ts';
import { insert } from './insert.ts';
import {
  abortTransaction,
  commitTransaction,
  endSessions,
  killAllSessions,
  refreshSessions,
  transactionsUnsupported,
} from './sessions.ts';
import { update } from './update.ts';

/**
 * The commands by the name mongod reports them under (serverStatus metrics.commands). Names are
 * matched case-insensitively, as mongod does (isMaster, ismaster, buildinfo).
 */
const HANDLERS = new Map(
  Object.entries({
    hello,
    isMaster: hello,
    ping,
    buildInfo,
    getParameter,
    getLog,
    hostInfo,
    serverStatus,
    whatsmyuri,
    connectionStatus,
    getCmdLineOpts,
    endSessions,
    killAllSessions,
    refreshSessions,
    commitTransaction,
    abortTransaction,
    insert,
    find,
    getMore,
    killCursors,
    update,
    delete: remove,
    findAndModify,
    count,
    distinct,
    aggregate,
    createIndexes,
    listIndexes,
    dropIndexes,
    deleteIndexes: dropIndexes,
    listCollections,
    listDatabases,
    create,
    drop,
    dropDatabase,
    dbStats,
  } satisfies Record<string, CommandHandler>).map(([name, handler]) => [name.toLowerCase(), { name, handler }]),
);

/**
 * Runs one command. Every failure becomes MongoDB's error document, never a crash. Fields such as
 * lsid, $db, $readPreference, $clusterTime, writeConcern, readConcern, apiVersion, txnNumber
 * (without a transaction) are accepted and ignored.
 */
export async function runCommand(
  body: Document,
  ctx: CommandContext,
  onUnknown?: (name: string, body: Document) => void,
): Promise<Document> {
  const name = Object.keys(body)[0] ?? '';
  const db = typeof body.$db === 'string' && body.$db !== '' ? body.$db : 'test';
  const command = HANDLERS.get(name.toLowerCase());
  // Under the name mongod counts it by (an unknown command's name is the client's: not kept).
  const counted = command ? countOf(ctx.commandCounts, command.name) : undefined;
  if (counted) counted.total++;
  try {
    if (!command) {
      onUnknown?.(name, body);
      throw commandError('CommandNotFound', `no such command: '${name}'`);
    }
    if (body.startTransaction === true || body.autocommit === false) transactionsUnsupported();
    const reply = command.handler(body, db, ctx);
    // Taken right after the command read or changed memory: what it saw must be durable before it
    // answers (a write's own records are in this, so it costs a write nothing more).
    const [answer] = await Promise.all([reply, ctx.storage.durable()]);
    if (counted && answer.ok !== 1) counted.failed++;
    return answer;
  } catch (error) {
    if (counted) counted.failed++;
    return errorReply(error);
  }
}

function countOf(counts: CommandCounts, name: string): { total: number; failed: number } {
  let count = counts.get(name);
  if (!count) {
    count = { total: 0, failed: 0 };
    counts.set(name, count);
  }
  return count;
}

export const supportedCommands = (): string[] => [...HANDLERS.keys()];
