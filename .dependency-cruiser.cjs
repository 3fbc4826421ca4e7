// @ts-check
// Layers checked in CI (`npm run depcheck`, run by .ci/run): a file's folder tells what it may import.
//
// The layers, lowest first. A layer imports only layers below it (and itself); nothing imports upward.
//
//   lib            generic helpers (mkdir -p, bounded cache, periodic task, operator errors): nothing of the app
//   config         src/config.ts: the settings read from the environment, checked once at start
//   core           the pure numeric core
//   answers        parsing and formatting what students type
//   engine         template types, seeded variants, stress; templates/ (the problem families) with it
//   render         presentation helpers shared by pages and printed exams (html``, LaTeX, CSV cells)
//   grading        grading a variant's answers (uses engine's variants and templates) and the scoring rules
//   exam           printed exams and their exports (Moodle XML, QTI, PDF)
//   store          the mongoose models, the repositories over them, the connection (packages/embedded-mongo below it)
//   activity       what happens in an activity: attempts, submissions, regrades, manual grading, through repositories
//   lti            LTI 1.3 (ltijs, launch binding, grade passback)
//   web, cli, lms-sandbox and the other src/*.ts (app, server, start-up errors: composition): the edges
//
// Where this differs from the guide's one line (core <- answers/grading <- engine/templates <- activity
// <- store repositories <- web/LTI/CLI), the code and issue 15's rules decide:
// - grading sits above engine: grading grades a generated variant (generate-variant, template types),
//   so the only engine -> grading import (engine/self-test.ts) was the cycle, not grading's imports.
// - activity sits above store: activity's attempts, submissions and regrades read and write through
//   the repositories, and issue 15 requires that store never imports activity. The rules that are the
//   activity's own (points, penalties, policies, rounding) are pure and live in grading/scoring.ts, so
//   the store, exams and pages use them without importing activity.
// - exam, render and lib were not placed by the guide: see the list above.
// - lms-sandbox is the LMS side (a stand-in for Moodle that talks to the tool over HTTP and LTI): it
//   never imports lti or store.
//
// No exceptions: the four imports that ran against the order when these rules landed (lti rendering
// web pages, activity reading LTI claims) were moved by their owners (lti/launch-pages.ts is now an
// interface the web layer implements; the launch's claims are read at the edge).

/** Tests and the helpers only tests load (fd.test-helpers.ts, test-values.ts): they may cross layers. */
const TEST_FILES = '(\\.test\\.ts|\\.test-helpers\\.ts|/test-values\\.ts)$';

/** @param {string[]} folders */
const under = (folders) => `^src/(${folders.join('|')})/`;

/** Each layer and the layers it must not import (everything above it). */
const LAYERS = [
  { name: 'lib', path: under(['lib']) },
  { name: 'config', path: '^src/config\\.ts$' },
  { name: 'core', path: under(['core']) },
  { name: 'answers', path: under(['answers']) },
  { name: 'engine', path: `(${under(['engine'])}|^templates/)` },
  { name: 'render', path: under(['render']) },
  { name: 'grading', path: under(['grading']) },
  { name: 'exam', path: under(['exam']) },
  { name: 'store', path: under(['store']) },
  { name: 'activity', path: under(['activity']) },
  { name: 'lti', path: under(['lti']) },
  { name: 'edges', path: `(${under(['web', 'cli', 'lms-sandbox'])}|^src/(?!config\\.ts$)[^/]+\\.ts$)` },
];

/** A layer may not import a layer above it. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} imports only what is below it (${LAYERS.slice(0, i)
    .map((l) => l.name)
    .join(', ')}); never ${LAYERS.slice(i + 1)
    .map((l) => l.name)
    .join(', ')}`,
  severity: /** @type {const} */ ('error'),
  from: { path: layer.path, pathNot: TEST_FILES },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No cycles, also through type-only imports: a cycle means two files that are really one, or a type in the wrong home',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment:
        'The numeric core is pure (no I/O, no randomness, no clock): it imports nothing of the app, no Node module and no package but exact arithmetic (fraction.js)',
      severity: 'error',
      from: { path: '^src/core/', pathNot: TEST_FILES },
      to: { pathNot: ['^src/core/', '^node_modules/fraction\\.js/'] },
    },
    {
      name: 'store-not-above',
      comment: 'The store never imports activity, lti or web (issue 15)',
      severity: 'error',
      from: { path: '^src/store/', pathNot: TEST_FILES },
      to: { path: '^src/(activity|lti|web)/' },
    },
    {
      name: 'models-only-through-repositories',
      comment:
        'Only the repositories (and the store itself: models, connection) touch the mongoose models; everything else reads and writes through src/store/repositories',
      severity: 'error',
      from: {
        path: '^(src|tests|bench|scripts)/',
        pathNot: [
          '^src/store/(models|repositories)/',
          '^src/store/connection\\.ts$',
          // Tests and benchmarks may set up and inspect stored documents directly.
          '^(tests|bench)/',
          '\\.test\\.ts$',
        ],
      },
      // Type-only imports are allowed: the stored shapes (SubmissionDoc, ...) are what repositories
      // return, and the Models handle is what callers pass to them. Calling a model outside the
      // store (models.Submission.find) is caught by eslint.config.js (no-restricted-syntax).
      to: { path: '^src/store/models/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'views-without-store',
      comment: 'A page view (web/**/*.html.ts) gets its data passed in: no store import',
      severity: 'error',
      from: { path: '^src/web/.+\\.html\\.ts$' },
      to: { path: ['^src/store/', '^packages/embedded-mongo/', 'node_modules/(mongoose|mongodb)/'] },
    },
    {
      name: 'lms-sandbox-is-the-lms',
      comment:
        'The sandbox LMS stands in for Moodle: it talks to the tool over HTTP and LTI, never through lti or store',
      severity: 'error',
      from: { path: '^src/lms-sandbox/' },
      to: { path: '^src/(lti|store)/' },
    },
    {
      name: 'embedded-mongo-stands-alone',
      comment: 'The embedded store package knows nothing of the app that embeds it',
      severity: 'error',
      from: { path: '^packages/embedded-mongo/' },
      to: { pathNot: ['^packages/embedded-mongo/', 'node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-runtime-dev-dependency',
      comment:
        'Production code never loads a devDependency: `npm ci --omit=dev` (the Docker image) leaves it out (type-only imports are erased and allowed)',
      severity: 'error',
      from: {
        path: '^(src|bin|templates|packages/[^/]+/src)/',
        pathNot: TEST_FILES,
      },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a moved file leaves no import behind)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^coverage/', '^data/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: a type in the wrong layer couples the layers just the same.
    tsPreCompilationDeps: true,
    // The nearest package.json decides whether a package is a dependency (the workspace package has its own).
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
