import { parseArgs } from 'node:util';
import { repairDataDirectory } from './persistence/repair.ts';

/** The help of `<command> repair`, for the program that offers runStoreCommand (its `command` name). */
export function storeRepairHelp(command: string): string {
  return `${command} repair --dbpath DIR
  Rewrites a damaged journal or snapshot of the store with every record that can still be read;
  the damaged file is kept beside it (journal.log.damaged-<time>). Run it with the store stopped,
  when the store refuses to start because its journal is corrupt. Exit 0 when done (or nothing to do).`;
}

/** `<command> repair --dbpath DIR`: 0 when repaired or nothing to repair, 2 for bad flags, 1 if it failed. */
export async function runStoreRepair(args: string[], command: string): Promise<number> {
  const name = `${command} repair`;
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { dbpath: { type: 'string', default: './data/store' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    const repaired = await repairDataDirectory(values.dbpath);
    if (repaired.length === 0) process.stdout.write(`${values.dbpath}: no damage found, nothing changed\n`);
    for (const r of repaired) {
      const lost = r.skipped.reduce((sum, s) => sum + s.bytes, 0);
      const at = r.skipped.map((s) => `byte ${s.offset} (${s.bytes} bytes)`).join(', ');
      process.stdout.write(
        `${r.file}: kept ${r.records} records, left out ${lost} unreadable bytes at ${at}; the damaged original is kept as ${r.keptAs}\n`,
      );
    }
    return 0;
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
