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

/** Command names are matched case-insensitively, as mongod does (isMaster, ismaster, buildinfo). */
const HANDLERS = new Map<string, CommandHandler>(
  Object.entries({
    hello,
    ismaster: hello,
    ping,
    buildinfo: buildInfo,
    getparameter: getParameter,
    getlog: getLog,
    hostinfo: hostInfo,
    serverstatus: serverStatus,
    whatsmyuri,
    connectionstatus: connectionStatus,
    getcmdlineopts: getCmdLineOpts,
    endsessions: endSessions,
    killallsessions: killAllSessions,
    refreshsessions: refreshSessions,
    committransaction: commitTransaction,
    aborttransaction: abortTransaction,
    insert,
    find,
    getmore: getMore,
    killcursors: killCursors,
    update,
    delete: remove,
    findandmodify: findAndModify,
    count,
    distinct,
    aggregate,
    createindexes: createIndexes,
    listindexes: listIndexes,
    dropindexes: dropIndexes,
    deleteindexes: dropIndexes,
    listcollections: listCollections,
    listdatabases: listDatabases,
    create,
    drop,
    dropdatabase: dropDatabase,
    dbstats: dbStats,
  }),
);

/** The names mongod reports a command's count under (metrics.commands), by the lower-case name. */
const COUNTED_NAMES = new Map(
  [
    'hello',
    'isMaster',
    'ping',
    'buildInfo',
    'getParameter',
    'getLog',
    'hostInfo',
    'serverStatus',
    'whatsmyuri',
    'connectionStatus',
    'getCmdLineOpts',
    'endSessions',
    'killAllSessions',
    'refreshSessions',
    'commitTransaction',
    'abortTransaction',
    'insert',
    'find',
    'getMore',
    'killCursors',
    'update',
    'delete',
    'findAndModify',
    'count',
    'distinct',
    'aggregate',
    'createIndexes',
    'listIndexes',
    'dropIndexes',
    'deleteIndexes',
    'listCollections',
    'listDatabases',
    'create',
    'drop',
    'dropDatabase',
    'dbStats',
  ].map((name) => [name.toLowerCase(), name]),
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
  const handler = HANDLERS.get(name.toLowerCase());
  // Under the name mongod counts it by (an unknown command's name is the client's: not kept).
  const counted = handler ? countOf(ctx.commandCounts, COUNTED_NAMES.get(name.toLowerCase()) ?? name) : undefined;
  if (counted) counted.total++;
  try {
    if (!handler) {
      onUnknown?.(name, body);
      throw commandError('CommandNotFound', `no such command: '${name}'`);
    }
    if (body.startTransaction === true || body.autocommit === false) transactionsUnsupported();
    const reply = handler(body, db, ctx);
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
