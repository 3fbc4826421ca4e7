import { TEMPLATES } from '../../../templates/index.ts';
import { DEFAULT_PROBLEM_POINTS, MAX_VARIANTS } from '../../exam/assemble-exam.ts';
import { headlineList, perProblem, problemNames } from '../problem-list.ts';

export const examHelp = `exam-variants exam --seed <text> --variants N --out DIR [--problems ${problemNames(',')}] [--lang en|cs] [--points ${perProblem(() => DEFAULT_PROBLEM_POINTS)}] [--versions ${perProblem((id) => TEMPLATES[id].version)}] [--pdf]
  [--course <text>] [--date <text>] [--duration <minutes>] [--instructions <one a line>] [--cover] [--json]

Writes into DIR/<seed>/: printable A4 variants A, B, C, ... (variant-A.html, a student sheet, and
variant-A-key.html, the same sheet with answers and worked solutions), the combined answer key
(answer-key.html, .json, .csv), a Moodle XML question bank (moodle.xml), a QTI 2.1 content package
(qti.zip), and with --pdf a PDF of every page (headless Chromium at /usr/bin/chromium).
The same seed always gives the same variants. Neighbours cannot copy: no two variants of one exam
share any problem's headline answer (a matrix compared up to row order) nor, as far as the family
has values, any graded answer; the key says which, if any, repeat ("All variants differ in every
graded answer."). The headline answers: ${headlineList()}.
--variants 1..${MAX_VARIANTS}, labelled A..Z, AA, AB, ... (default 1); --points one positive number per
problem (default 5 each); --versions the template version of each problem (default the current
ones), to reprint an exam made with older versions exactly.
What is printed around the problems (never what they are): --course (the first line of every
sheet), --date (printed as written, e.g. "12 January 2027, 9:00"), --duration in whole minutes,
--instructions (one instruction a line; "- " at a line's start is allowed) and --cover, a first
page with the exam's details, the name and ID fields, the grader's table and the instructions
(defaults when none are given). Each part of a sheet has working space sized by its answer: a
box for a number, ruled lines for a vector, a set or a matrix (a line per row and more), a
paragraph for free text. --json prints one JSON object (folder, files, PDFs, labels, distinctness)
instead of the summary.`;
