import type { Document } from 'bson';
import { select } from '../engine/query.ts';
import { collectionName, type CommandHandler } from './context.ts';

/** find: filter, sort, skip, limit, projection, batchSize, singleBatch (negative limit = single batch). */
export const find: CommandHandler = (body, db, { storage, cursors }) => {
  const name = collectionName(body);
  const limit = Number(body.limit ?? 0);
  const docs = select(storage.get(db, name), {
    filter: body.filter as Document | undefined,
    sort: body.sort as Document | undefined,
    skip: body.skip as number | undefined,
    limit,
    projection: body.projection as Document | undefined,
  });
  return cursors.first(`${db}.${name}`, docs, body.batchSize, body.singleBatch === true || limit < 0);
};

export const getMore: CommandHandler = (body, _db, { cursors }) => cursors.getMore(body.getMore, body.batchSize);

export const killCursors: CommandHandler = (body, _db, { cursors }) =>
  cursors.kill(Array.isArray(body.cursors) ? (body.cursors as unknown[]) : []);
