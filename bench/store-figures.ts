// What bench:http reads from the embedded store between its phases (serverStatus): the journal's
// figures, to charge each phase its share of the store's compactions, and the commands it ran.
//
// A compaction writes the whole state again, once per so many MB of journal (64 MB or half the
// last snapshot): the phase it falls in would pay for the writes of the thousands of submissions
// before it, and one that it misses for none. So the store's time compacting is taken out of the
// phase that saw it, and each phase is charged its share instead: the bytes it journaled times the
// last compaction's time per byte of journal it covered.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection, MongoClient } from 'mongodb';

interface JournalFigures {
  appendedBytes: number;
  compactions: number;
  compacting: boolean;
  compactionWorkMs: number;
  lastCompaction?: { journalBytes: number; snapshotBytes: number; workMs: number; ms: number };
}

/** One reading: the journal, and the commands run so far by name (as mongod's metrics.commands). */
export interface StoreReading {
  journal: JournalFigures;
  commands: Record<string, { total: number }>;
}

/** What a phase journaled and the compacting that fell in it, in all. */
export interface JournalShare {
  journaledBytes: number;
  compactingMs: number;
}

export const journalShare = (before: StoreReading, after: StoreReading): JournalShare => ({
  journaledBytes: after.journal.appendedBytes - before.journal.appendedBytes,
  compactingMs: after.journal.compactionWorkMs - before.journal.compactionWorkMs,
});

/** Reads the store's figures and remembers the last compaction seen, which prices every share. */
export class StoreFigures {
  private lastCompaction: JournalFigures['lastCompaction'];

  constructor(
    private readonly client: MongoClient,
    private readonly uri: string,
  ) {}

  async read(): Promise<StoreReading> {
    const status = await this.client.db('admin').command({ serverStatus: 1 });
    const journal = status.embeddedJournal as JournalFigures | undefined;
    if (!journal) throw new Error(`the store at ${this.uri} reports no journal figures (embeddedJournal)`);
    this.lastCompaction = journal.lastCompaction ?? this.lastCompaction;
    const metrics = status.metrics as { commands?: StoreReading['commands'] } | undefined;
    return { journal, commands: metrics?.commands ?? {} };
  }

  /**
   * Waits until the store is past its quiet time (when a compaction due starts) and any compaction
   * under way is written; returns what it waited for, if it did.
   */
  async settled(quietMs: number): Promise<string | undefined> {
    const startedAt = performance.now();
    const before = await this.read();
    await sleep(3 * quietMs);
    let now = await this.read();
    while (now.journal.compacting && performance.now() - startedAt < 300_000) {
      await sleep(100);
      now = await this.read();
    }
    const last = now.journal.lastCompaction;
    if (now.journal.compactions === before.journal.compactions || !last) return undefined;
    return `the store compacted its journal, snapshot written in ${Math.round(last.ms)} ms; waited ${Math.round(performance.now() - startedAt)} ms`;
  }

  /** CPU per unit with the compacting that fell in the phase replaced by the phase's share of it. */
  chargedMs(serverMs: number, share: JournalShare, count: number): number {
    return serverMs + (share.journaledBytes * this.costPerByte() - share.compactingMs) / count;
  }

  compactionLine(serverMs: number, share: JournalShare, count: number, unit: string): string {
    const kb = share.journaledBytes / count / 1000;
    const fell = share.compactingMs / count;
    const last = this.lastCompaction;
    if (!last)
      return `  journaled ${kb.toFixed(1)} kB a ${unit}; no compaction yet in this run, so no share of one is counted`;
    const fellIn = fell > 0 ? `of its CPU, ${fell.toFixed(2)} ms was the store compacting its journal; ` : '';
    const lastOne = `the last: ${Math.round(last.workMs)} ms of the store's thread for ${(last.journalBytes / 1e6).toFixed(0)} MB of journal, a ${(last.snapshotBytes / 1e6).toFixed(0)} MB snapshot`;
    const sharePerUnit = (share.journaledBytes * this.costPerByte()) / count;
    return `  journaled ${kb.toFixed(1)} kB a ${unit}; ${fellIn}its share of compactions (${lastOne}) ${sharePerUnit.toFixed(2)} ms: ${this.chargedMs(serverMs, share, count).toFixed(2)} ms a ${unit} so charged`;
  }

  private costPerByte(): number {
    const last = this.lastCompaction;
    return last ? last.workMs / last.journalBytes : 0;
  }
}

/** Said of a phase the store compacted its journal in (a share of it is charged instead, see above). */
export const compactedBetween = (before: StoreReading, after: StoreReading): string =>
  after.journal.compactionWorkMs > before.journal.compactionWorkMs ? '; the store compacted its journal meanwhile' : '';

/** Commands the bench itself ran against the store, by the store's name for them. */
export type BenchCommands = Readonly<Record<string, number>>;

/**
 * The store commands run between two readings, by name, without the bench's own: its serverStatus
 * readings and `bench` (its polls of the outbox).
 */
export function commandsBetween(
  before: StoreReading,
  after: StoreReading,
  bench: BenchCommands = {},
): Map<string, number> {
  const ran = new Map<string, number>();
  for (const [name, { total }] of Object.entries(after.commands)) {
    if (name === 'serverStatus') continue;
    const n = total - (before.commands[name]?.total ?? 0) - (bench[name] ?? 0);
    if (n > 0) ran.set(name, n);
  }
  return ran;
}

const commandCount = (ran: Map<string, number>) => [...ran.values()].reduce((a, b) => a + b, 0);

export function commandsLine(
  ran: Map<string, number>,
  count: number,
  unit: string,
  afterAnswer?: Map<string, number>,
): string {
  const byName = [...ran]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${(n / count).toFixed(2)}`)
    .join(', ');
  const after = afterAnswer
    ? `; ${(commandCount(afterAnswer) / count).toFixed(2)} of them after the phase's last answer, while its scores were sent`
    : '';
  return `  store commands a ${unit}: ${(commandCount(ran) / count).toFixed(2)} (${byName})${after}`;
}

/**
 * Whether the outbox still holds a score to send: the first record pending or being sent answers.
 * The benches poll this on the server's CPU while a phase's scores go out; counting the sent
 * records instead read every one sent so far (thousands after the warm-up) at every poll.
 */
export async function anyScoreToSend(outbox: Collection): Promise<boolean> {
  return (await outbox.findOne({ status: { $in: ['pending', 'sending'] } }, { projection: { _id: 1 } })) !== null;
}
