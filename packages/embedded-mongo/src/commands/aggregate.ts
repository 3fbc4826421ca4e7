import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import { commandError } from '../engine/errors.ts';
import { cloneDoc, matching } from '../engine/query.ts';
import type { Storage } from '../engine/storage.ts';
import type { CommandHandler } from './context.ts';

/**
 * Stages that build new documents and never change their input, so stored documents need no copy.
 * Not $project: mingo deletes the fields it excludes inside sub-documents and arrays from its input.
 */
const NON_MUTATING = new Set(['$match', '$sort', '$skip', '$limit', '$group', '$count', '$sortByCount']);

/**
 * aggregate with a cursor, run by mingo. A leading $match uses the same index lookup as find (this
 * is what countDocuments sends). $lookup reads other collections of the same database.
 * $out/$merge would write: not supported.
 */
export const aggregate: CommandHandler = (body, db, { storage, cursors }) => {
  const target = body.aggregate;
  const pipeline = Array.isArray(body.pipeline) ? [...(body.pipeline as Document[])] : [];
  if (pipeline.some((stage) => '$out' in stage || '$merge' in stage))
    throw commandError('UnsupportedStage', '$out and $merge are not supported by the embedded store');
  if (body.explain) throw commandError('IllegalOperation', 'explain is not supported by the embedded store');
  if (typeof body.cursor !== 'object' || body.cursor === null)
    throw commandError(
      'FailedToParse',
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  const c = typeof target === 'string' ? storage.get(db, target) : undefined;
  const first = pipeline[0];
  let source: Document[];
  if (first && '$match' in first) {
    source = matching(c, first.$match as Document);
    pipeline.shift();
  } else {
    source = c ? [...c.docs.values()] : [];
  }
  if (!pipeline.every((stage) => NON_MUTATING.has(Object.keys(stage)[0] ?? ''))) source = source.map(cloneDoc);
  const result = new Aggregator(pipeline, {
    collectionResolver: (name: string) => resolver(storage, db, name),
  }).run<Document>(source);
  return cursors.first(
    `${db}.${typeof target === 'string' ? target : '$cmd.aggregate'}`,
    result,
    (body.cursor as Document).batchSize,
  );
};

function resolver(storage: Storage, db: string, name: string): Document[] {
  return [...(storage.get(db, name)?.docs.values() ?? [])].map(cloneDoc);
}
