import { describe, expect, it } from 'vitest';
import { StoreDeadlineError } from '../store-deadline-error.ts';
import { outcomesOfBulkWrite, WriteBatcher } from './write-batcher.ts';

describe('WriteBatcher', () => {
  it('writes what arrives together in one batch and what arrives meanwhile in the next, each caller getting its own outcome', async () => {
    const batches: number[][] = [];
    const batcher = new WriteBatcher<number, number>(async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((n) => (n % 7 === 0 ? { ok: false, error: new Error(`no ${n}`) } : { ok: true, value: n * 2 }));
    });
    const first = [1, 2, 3].map((n) => batcher.write(n));
    await new Promise((r) => setTimeout(r, 1));
    // The first batch is being written: these wait and go out together.
    const second = [4, 5, 6, 7].map((n) => batcher.write(n));
    const settled = await Promise.allSettled([...first, ...second]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(settled.slice(0, 6).map((s) => (s as PromiseFulfilledResult<number>).value)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(String((settled[6] as PromiseRejectedResult).reason)).toBe('Error: no 7');
  });

  it('fails every caller of a batch whose write throws, and goes on with the next', async () => {
    let down = true;
    const batcher = new WriteBatcher<string, string>(async (items) => {
      if (down) throw new Error('connection lost');
      return items.map((s) => ({ ok: true, value: s }));
    });
    await expect(Promise.all([batcher.write('a'), batcher.write('b')])).rejects.toThrow('connection lost');
    down = false;
    await expect(batcher.write('c')).resolves.toBe('c');
  });

  it('fails the callers of a batch the store never answers once its deadline passes, and writes the next batch', async () => {
    // As the driver does for a command written to a connection that has just closed: it never settles.
    let hang = true;
    let batches = 0;
    const batcher = new WriteBatcher<number, number>(
      (items) => {
        batches++;
        return hang
          ? new Promise(() => undefined)
          : Promise.resolve(items.map((n) => ({ ok: true as const, value: n })));
      },
      { deadlineMs: 50 },
    );
    const stuck = [1, 2].map((n) => batcher.write(n).catch((e: unknown) => e));
    // The first batch is out (a timer alone may fire before the batch's next-tick write).
    while (batches === 0) await new Promise((r) => setImmediate(r));
    const next = batcher.write(3);
    hang = false;
    const failures = await Promise.all(stuck);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(StoreDeadlineError);
      expect((failure as Error).message).toBe('the store did not answer within 0.05 s');
    }
    await expect(next).resolves.toBe(3);
  });

  it('splits what is queued into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const batcher = new WriteBatcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        return items.map((n) => ({ ok: true, value: n }));
      },
      { maxBatch: 4 },
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.write(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });
});

describe('WriteBatcher with a linger', () => {
  const recordingBatches = (lingerMs: number) => {
    const batches: number[][] = [];
    const batcher = new WriteBatcher<number, number>(
      async (items) => {
        batches.push(items);
        return items.map((n) => ({ ok: true, value: n }));
      },
      { lingerMs },
    );
    return { batches, batcher };
  };
  const oneAtATime = async (batcher: WriteBatcher<number, number>) => {
    // As the grade-sync worker's outcomes come: one LMS answer, then the next a moment later.
    const written: Array<Promise<number>> = [];
    for (let n = 1; n <= 5; n++) {
      written.push(batcher.write(n));
      await new Promise((r) => setTimeout(r, 1));
    }
    return Promise.all(written);
  };

  it('writes what arrives within the linger in one batch, where the next tick wrote each alone', async () => {
    // A linger far longer than the five writes take, even on a loaded machine.
    const lingering = recordingBatches(500);
    expect(await oneAtATime(lingering.batcher)).toEqual([1, 2, 3, 4, 5]);
    expect(lingering.batches).toEqual([[1, 2, 3, 4, 5]]);
    const eager = recordingBatches(0);
    await oneAtATime(eager.batcher);
    expect(eager.batches.length).toBeGreaterThan(1);
  });
});

describe('outcomesOfBulkWrite', () => {
  it('marks the items the driver names as failed, the others as written, and lets the caller excuse some', async () => {
    const error = Object.assign(new Error('bulk'), {
      writeErrors: [
        { index: 1, code: 11000, errmsg: 'E11000 duplicate key' },
        { index: 2, code: 121, errmsg: 'Document failed validation' },
      ],
    });
    const outcomes = await outcomesOfBulkWrite(
      ['a', 'b', 'c'],
      async () => Promise.reject(error),
      (e) => e.code === 11000,
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    expect(outcomes[2]).toMatchObject({ ok: false, error: { message: 'Document failed validation', code: 121 } });
    await expect(outcomesOfBulkWrite(['a'], async () => Promise.reject(new Error('network')))).rejects.toThrow(
      'network',
    );
  });

  it("fails every item when the command failed as a whole: the driver's MongoBulkWriteError with no writeErrors (connection closed, server selection, journal) or with a write concern error", async () => {
    const wholeCommand = [
      Object.assign(new Error('connection 4 to 127.0.0.1:27017 closed'), {
        name: 'MongoBulkWriteError',
        writeErrors: [],
      }),
      Object.assign(new Error('Server selection timed out after 5000 ms'), {
        name: 'MongoBulkWriteError',
        writeErrors: [],
      }),
      Object.assign(new Error("the store's journal failed earlier"), {
        name: 'MongoBulkWriteError',
        code: 1,
        writeErrors: [],
      }),
      Object.assign(new Error('waiting for replication timed out'), {
        name: 'MongoBulkWriteError',
        writeErrors: [{ index: 0, code: 11000, errmsg: 'E11000' }],
        result: { getWriteConcernError: () => ({ code: 64 }) },
      }),
    ];
    for (const error of wholeCommand) {
      await expect(
        outcomesOfBulkWrite(
          ['a', 'b'],
          async () => Promise.reject(error),
          () => true,
        ),
        error.message,
      ).rejects.toBe(error);
    }
    // Through the batcher: no caller is told its item was written.
    const batcher = new WriteBatcher<string, undefined>((items) =>
      outcomesOfBulkWrite(items, async () => Promise.reject(wholeCommand[0] ?? new Error('no such case'))),
    );
    const settled = await Promise.allSettled(['a', 'b', 'c'].map((s) => batcher.write(s)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});
