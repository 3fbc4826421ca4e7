// CI gate (.ci/run): production code never loads a package that `npm ci --omit=dev` leaves out.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRuntimeDeps } from './runtime-deps.ts';

const problems = checkRuntimeDeps(join(dirname(fileURLToPath(import.meta.url)), '..'));
for (const line of problems) process.stderr.write(`runtime dependency: ${line}\n`);
if (problems.length > 0) process.exitCode = 1;
else process.stdout.write('runtime dependencies: every package production code loads is a dependency\n');
