import type { Document } from 'bson';
import { MAX_BSON_OBJECT_BYTES, MAX_MESSAGE_BYTES } from '../wire/protocol.ts';
import type { CommandContext, CommandHandler } from './context.ts';

const VERSION = '7.0.0';

/**
 * hello / isMaster: a standalone, writable server. maxWireVersion 21 (MongoDB 7.0) satisfies the
 * mongodb 7 driver (needs >= 8) and ltijs' mongodb 5 driver. No `compression` field: the drivers
 * then never send OP_COMPRESSED. No topologyVersion: the drivers poll instead of streaming hello.
 */
export const hello: CommandHandler = (_body, _db, ctx) => ({
  helloOk: true,
  isWritablePrimary: true,
  ismaster: true,
  maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
  maxMessageSizeBytes: MAX_MESSAGE_BYTES,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: ctx.connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
});

export const ping: CommandHandler = () => ({ ok: 1 });

export const buildInfo: CommandHandler = () => ({
  version: VERSION,
  gitVersion: 'embedded-mongo',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
  storageEngines: ['embedded-journal'],
  javascriptEngine: 'none',
  modules: [],
  ok: 1,
});

export const getParameter: CommandHandler = (body) => {
  const all = {
    featureCompatibilityVersion: { version: '7.0' },
    authenticationMechanisms: [],
    transactionLifetimeLimitSeconds: 60,
  };
  if (body.getParameter === '*' || (typeof body.getParameter === 'object' && body.getParameter !== null))
    return { ...all, ok: 1 };
  const out: Document = {};
  for (const key of Object.keys(all) as Array<keyof typeof all>) if (key in body) out[key] = all[key];
  return { ...out, ok: 1 };
};

export const getLog: CommandHandler = (body) =>
  body.getLog === '*' ? { names: ['global', 'startupWarnings'], ok: 1 } : { totalLinesWritten: 0, log: [], ok: 1 };

export const hostInfo: CommandHandler = () => ({
  system: { currentTime: new Date(), hostname: '127.0.0.1', cpuAddrSize: 64, numCores: 1 },
  os: { type: process.platform, name: process.platform },
  extra: {},
  ok: 1,
});

export const serverStatus: CommandHandler = (_body, _db, ctx) => ({
  host: '127.0.0.1',
  version: VERSION,
  process: 'embedded-mongo',
  pid: process.pid,
  uptime: Math.floor((Date.now() - ctx.startedAt) / 1000),
  uptimeMillis: Date.now() - ctx.startedAt,
  localTime: new Date(),
  connections: { current: ctx.openConnections(), available: 1000 },
  storageEngine: { name: 'embedded-journal' },
  ...journalSection(ctx),
  metrics: { commands: Object.fromEntries(ctx.commandCounts) },
  ok: 1,
});

/** The journal's figures under a name of our own (mongod has no such section), when the store has files. */
function journalSection(ctx: CommandContext): Document {
  const stats = ctx.storage.journalStats();
  return stats ? { embeddedJournal: stats } : {};
}

export const whatsmyuri: CommandHandler = () => ({ you: '127.0.0.1', ok: 1 });

export const connectionStatus: CommandHandler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});

export const getCmdLineOpts: CommandHandler = () => ({ argv: ['embedded-mongo'], parsed: {}, ok: 1 });
