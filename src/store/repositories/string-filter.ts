import mongoose from 'mongoose';

/**
 * A filter of plain string equalities for a read that goes to the collection without a mongoose
 * query: each value must be a string, refused as mongoose's cast refuses it otherwise, so request
 * data can never become a query operator ({"$gt": ""} matching everyone) on this path either.
 */
export function stringFilter<F extends Record<string, string>>(filter: F): F {
  for (const [path, value] of Object.entries(filter))
    if (typeof value !== 'string') throw new mongoose.Error.CastError('string', value, path);
  return filter;
}
