/**
 * A journal or snapshot damaged in the middle: valid, acknowledged records follow the bad bytes, so
 * cutting there (right for a torn tail) would silently drop them. The store refuses to start and
 * says, in one line, where the damage is and how to keep every readable record.
 */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';

  /** `repairCommand`: how the operator runs the repair (runStoreCommand's `repair`), named in the message. */
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly dataDir: string,
    repairCommand: string,
  ) {
    super(
      `${file} is corrupt at byte ${offset} and valid records follow it (damage, not a write cut by a crash); nothing was changed. Run "${repairCommand} --dbpath ${dataDir}" to keep every readable record (the damaged file is kept beside it), then start again`,
    );
  }
}

/** What a JournalCorruptError names when the program embedding the store does not say otherwise. */
export const DEFAULT_REPAIR_COMMAND = 'embedded-mongo repair';
