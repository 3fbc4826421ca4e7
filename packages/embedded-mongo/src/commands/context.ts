import type { Document } from 'bson';
import { journaledDocumentSize } from '../engine/document-size.ts';
import type { Cursors } from '../engine/cursors.ts';
import { CommandError, commandError } from '../engine/errors.ts';
import type { Storage } from '../engine/storage.ts';
import { MAX_BSON_OBJECT_BYTES } from '../wire/protocol.ts';

/** What a command may use: the data, the open cursors, and who is asking. */
export interface CommandContext {
  storage: Storage;
  cursors: Cursors;
  /** Per connection, reported by hello as mongod does. */
  connectionId: number;
  openConnections: () => number;
  startedAt: number;
  /** Commands run since the store started, by name: serverStatus reports them as mongod does (metrics.commands). */
  commandCounts: CommandCounts;
  /** The size of the request on the wire, when it came over one: no document in it is larger. */
  requestBytes?: number;
}

export type CommandCounts = Map<string, { total: number; failed: number }>;

export type CommandHandler = (body: Document, db: string, ctx: CommandContext) => Document | Promise<Document>;

/** The collection a command targets: the value of its first field. */
export function collectionName(body: Document): string {
  const name = Object.values(body)[0];
  if (typeof name !== 'string' || name === '')
    throw commandError('InvalidNamespace', `collection name has invalid type ${typeof name}`);
  if (name.includes('\0') || name.startsWith('.') || name.includes('$'))
    throw commandError('InvalidNamespace', `Invalid collection name: ${name}`);
  return name;
}

/**
 * A request of at most half the limit cannot carry a document over it (storing adds an _id at
 * most), so a document from one is not measured: measuring is a walk of the whole document.
 */
const SIZE_EVIDENTLY_WITHIN = MAX_BSON_OBJECT_BYTES / 2;

/**
 * Refuses a document over 16 MiB as mongod does (BSONObjectTooLarge). Only for a document about to
 * be stored and journaled: measuring serialises it, and its journal record reuses the bytes.
 */
export function assertDocumentSize(doc: Document, requestBytes?: number): void {
  if (requestBytes !== undefined && requestBytes <= SIZE_EVIDENTLY_WITHIN) return;
  const size = journaledDocumentSize(doc);
  if (size > MAX_BSON_OBJECT_BYTES) {
    throw commandError(
      'BSONObjectTooLarge',
      `BSONObj size: ${size} (0x${size.toString(16).toUpperCase()}) is invalid. Size must be between 0 and ${MAX_BSON_OBJECT_BYTES}(16MB) First element: _id: ${String(doc._id)}`,
    );
  }
}

/** A writeErrors entry as mongod reports it: { index, code, errmsg [, keyPattern, keyValue] }. */
export function writeError(index: number, error: unknown): Document {
  if (error instanceof CommandError) {
    return {
      index,
      code: error.code,
      ...(error.keyPattern ? { keyPattern: error.keyPattern, keyValue: error.keyValue } : {}),
      errmsg: error.message,
    };
  }
  return { index, code: 1, errmsg: error instanceof Error ? error.message : String(error) };
}

/** The reply for a failed command: drivers raise it as MongoServerError with code and codeName. */
export function errorReply(error: unknown): Document {
  if (error instanceof CommandError) {
    return {
      ok: 0,
      errmsg: error.message,
      code: error.code,
      codeName: error.codeName,
      ...(error.keyPattern ? { keyPattern: error.keyPattern, keyValue: error.keyValue } : {}),
    };
  }
  return { ok: 0, errmsg: error instanceof Error ? error.message : String(error), code: 1, codeName: 'InternalError' };
}
