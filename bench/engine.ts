// npm run bench: variant generations per second (params + answers, no rendering) and
// part gradings (parse + grade) per second, per template, in one process; the time to typeset a
// student's own variant (its statement and prompts, as a launch does); then the time the results
// page's per-variant and per-part statistics take for a class whose students drew their own variants.
import { TEMPLATE_IDS, TEMPLATES } from '../templates/index.ts';
import { drawParams, generateVariant, referenceValues } from '../src/engine/generate-variant.ts';
import { gradeSubmission } from '../src/grading/grade-submission.ts';
import { formatAnswerValue } from '../src/answers/index.ts';
import { partStatistics, variantStatistics } from '../src/activity/item-statistics.ts';
import { renderInline, renderMathText } from '../src/render/math-text.ts';
import type { AnyTemplate } from '../src/engine/template.ts';

/** Median of three timed rounds after a warm-up, so one noisy second does not decide the figure. */
function rate(label: string, seconds: number, fn: (i: number) => void): number {
  for (let i = 0; i < 5000; i++) fn(i); // warm-up so the JIT has compiled the hot path
  const rounds: number[] = [];
  let n = 0;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    const end = started + (seconds / 3) * 1000;
    let count = 0;
    while (performance.now() < end) {
      for (let k = 0; k < 200; k++) fn(n++);
      count += 200;
    }
    rounds.push(count / ((performance.now() - started) / 1000));
  }
  const perSecond = rounds.sort((x, y) => x - y)[1] as number;
  console.log(`${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} /s (median of 3)`);
  return perSecond;
}

console.log(`node ${process.version}, single process`);
for (const id of TEMPLATE_IDS) {
  const template: AnyTemplate = TEMPLATES[id];
  rate(`${id}: variant generations (params + answers)`, 1.5, (i) => {
    drawParams(template, `bench-${i}`, { examFriendly: true });
  });
  rate(`${id}: full variants (+ part layout)`, 1, (i) => generateVariant(template, `bench-${i}`));
  const variants = Array.from({ length: 64 }, (_, i) => generateVariant(template, `grade-${i}`));
  const typed = variants.map((v) => {
    const refs = referenceValues(template, v.params, v.answers);
    const out: Record<string, string> = {};
    for (const part of v.parts) {
      const ref = refs.get(part.key);
      if (ref && !part.options) out[part.key] = formatAnswerValue(ref);
    }
    return out;
  });
  const partsPerSubmission = Object.keys(typed[0] ?? {}).length;
  const subs = rate(`${id}: submissions graded (${partsPerSubmission} parts)`, 1.5, (i) => {
    const k = i % variants.length;
    gradeSubmission(template, variants[k] as (typeof variants)[number], typed[k] as Record<string, string>);
  });
  console.log(
    `${`${id}: part gradings (parse + grade)`.padEnd(44)} ${Math.round(subs * partsPerSubmission)
      .toLocaleString('en-US')
      .padStart(12)} /s`,
  );
}

// A launch typesets the student's own variant: formulas with its numbers are new, the rest (an
// update rule, a sum) were typeset for an earlier student and are reused. Each variant is typeset
// once, after 300 others, timed in three rounds of 300; the median round per variant.
for (const id of TEMPLATE_IDS) {
  const template: AnyTemplate = TEMPLATES[id];
  const variants = Array.from({ length: 1_200 }, (_, i) => generateVariant(template, `typeset-${i}`));
  const typeset = (v: (typeof variants)[number]) =>
    renderMathText(template.statement(v.params, 'en')).length +
    v.parts.reduce((n, part) => n + renderInline(part.prompt.en).length, 0);
  for (const v of variants.slice(0, 300)) typeset(v);
  const rounds = [300, 600, 900].map((from) => {
    const started = performance.now();
    for (const v of variants.slice(from, from + 300)) typeset(v);
    return (performance.now() - started) / 300;
  });
  const median = rounds.sort((x, y) => x - y)[1] as number;
  console.log(`${`${id}: own variant typeset, per variant`.padEnd(44)} ${median.toFixed(3).padStart(12)} ms`);
}

// The results page's statistics per variant, over a class whose students each drew their own
// variant of four problems (the case where its cost grows with the number of variants).
for (const attempts of [1_000, 10_000]) {
  const rows = Array.from({ length: attempts * 4 }, (_, n) => ({
    problemIndex: n % 4,
    variantKey: `variant ${Math.floor(n / 4)}`,
    label: `variant ${Math.floor(n / 4)}`,
    score: ((n * 7) % 11) / 10,
  }));
  const started = performance.now();
  variantStatistics(rows);
  console.log(
    `${`variant statistics, ${attempts.toLocaleString('en-US')} attempts, own variants`.padEnd(44)} ${(performance.now() - started).toFixed(0).padStart(12)} ms`,
  );
}

// And its statistics per part (facility, discrimination, common wrong answers) over the same
// class: 25 graded parts an attempt, as the demo exam has.
for (const attempts of [1_000, 10_000]) {
  const responses = Array.from({ length: attempts }, (_, n) => ({
    points: n % 21,
    parts: Array.from({ length: 25 }, (_, k) => ({
      problemIndex: Math.floor(k / 7),
      templateId: 'bench',
      partKey: `part ${k}`,
      raw: n % 3 === 0 ? '' : String((n * k) % 5),
      parsed: { ok: true, echo: String((n * k) % 5) },
      score: ((n + k) % 3) / 2,
      points: ((n + k) % 3) / 4,
      maxPoints: 0.5,
      feedback: '',
      pendingManual: false,
    })),
  }));
  const started = performance.now();
  partStatistics(responses);
  console.log(
    `${`part statistics, ${attempts.toLocaleString('en-US')} attempts of 25 parts`.padEnd(44)} ${(performance.now() - started).toFixed(0).padStart(12)} ms`,
  );
}
