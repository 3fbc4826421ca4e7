import { runGenerate, generateHelp } from './commands/generate.ts';
import { runGrade, gradeHelp } from './commands/grade.ts';
import { runSolve, solveHelp } from './commands/solve.ts';
import { runStress, stressHelp } from './commands/stress.ts';
import { UsageError } from './usage-error.ts';
import { ConfigError } from '../config.ts';
import { OperatorError } from '../lib/operator-error.ts';
import { platformHelp } from './commands/platform-help.ts';
import { examHelp } from './commands/exam-help.ts';
import { problemNames } from './problem-list.ts';
import { storeRepairHelp } from 'embedded-mongo/repair';
import { STORE_COMMAND } from '../store/store-command.ts';

const HELP = `exam-variants: seeded, auto-graded exam variants (${problemNames()})

Usage:
  exam-variants solve <problem> --params '<json>'                     reference answers
  exam-variants generate <problem> --seed <text>                     one seeded variant
  exam-variants grade <problem> --params '<json>' --answers '<json>'  grade typed answers
  exam-variants stress <problem> [--seeds 1000]                      check a template over many seeds
  exam-variants exam --seed <text> --variants 6 --out exams/ [--pdf]    printable variants with keys
  exam-variants serve                                                 the web tool (npm start)
  exam-variants platform add|list|remove ...                          LMS platforms registered by hand
  exam-variants store --port 27018 [--dbpath DIR | --memory]          the embedded MongoDB-compatible store
  exam-variants store repair --dbpath DIR                             keep every readable record of a damaged journal

Run "exam-variants <command> --help" for a command's options.
Invalid input exits with code 2 and a one-line message on stderr.`;

interface Command {
  help: string;
  run: (args: string[]) => Promise<number>;
}

/** Commands whose result is one JSON object on stdout. */
const jsonCommand = (help: string, fn: (args: string[]) => unknown): Command => ({
  help,
  run: async (args) => {
    process.stdout.write(`${JSON.stringify(fn(args))}\n`);
    return 0;
  },
});

const COMMANDS: Record<string, Command> = {
  solve: jsonCommand(solveHelp, runSolve),
  generate: jsonCommand(generateHelp, runGenerate),
  grade: jsonCommand(gradeHelp, runGrade),
  stress: {
    help: stressHelp,
    run: async (args) => {
      const { report, text, json } = runStress(args);
      process.stdout.write(`${json ? JSON.stringify(report) : text}\n`);
      return report.failures.length === 0 ? 0 : 1;
    },
  },
  serve: {
    help: 'exam-variants serve: starts the web tool (PORT, MONGODB_URI, DATA_DIR, NODE_ENV from the environment)',
    run: async () => (await import('../server.ts')).startFromEnvironment(),
  },
  exam: {
    help: examHelp,
    run: async (args) => (await import('./commands/exam.ts')).runExam(args),
  },
  platform: {
    help: platformHelp,
    run: async (args) => (await import('./commands/platform.ts')).runPlatform(args),
  },
  store: {
    help: `${STORE_COMMAND} --port 27018 [--dbpath DIR | --memory]: serves the embedded MongoDB-compatible store on 127.0.0.1\n${storeRepairHelp(STORE_COMMAND)}`,
    run: async (args) => (await import('embedded-mongo')).runStoreCommand(args, STORE_COMMAND),
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`exam-variants: unknown command "${name}"; run exam-variants --help\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof OperatorError) {
      process.stderr.write(`exam-variants ${name}: ${error.message}\n`);
      return 1;
    }
    const message = usageMessage(error);
    if (message === undefined) throw error;
    process.stderr.write(`exam-variants ${name}: ${message}\n`);
    return 2;
  }
}

/** Errors the user caused, as one line; undefined for bugs (those keep their stack trace). */
function usageMessage(error: unknown): string | undefined {
  if (error instanceof UsageError || error instanceof ConfigError) return error.message;
  // node:util parseArgs reports unknown or malformed flags with these codes.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return (error as Error).message;
  return undefined;
}
