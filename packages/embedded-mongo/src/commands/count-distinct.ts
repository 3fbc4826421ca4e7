import type { Document } from 'bson';
import { matching, select } from '../engine/query.ts';
import { pathValues, valueKey } from '../engine/values.ts';
import { collectionName, type CommandHandler } from './context.ts';

/** count (the legacy command; countDocuments goes through aggregate): { n }. */
export const count: CommandHandler = (body, db, { storage }) => {
  const c = storage.get(db, collectionName(body));
  const docs = select(c, {
    filter: body.query as Document | undefined,
    skip: body.skip as number | undefined,
    limit: body.limit as number | undefined,
  });
  return { n: docs.length, ok: 1 };
};

/** distinct: values of `key` over the matches, arrays contributing their elements, equal values once. */
export const distinct: CommandHandler = (body, db, { storage }) => {
  const docs = matching(storage.get(db, collectionName(body)), body.query as Document | undefined);
  const key = String(body.key);
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const item of pathValues(doc, key)) {
      if (item === undefined || Array.isArray(item)) continue;
      const k = valueKey(item);
      if (!seen.has(k)) seen.set(k, item);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};
