import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiddenField, launchLtik, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';
import { isFormulaCell, readCsv } from '../support/read-csv.ts';

let app: Awaited<ReturnType<typeof startTestServer>>;
let teacher: { browser: TestBrowser; ltik: string };

/** What each student types into α* (the last problem's number): a negative number, a formula, a correct-looking decimal. */
const TYPED: Record<string, string> = { alice: '-16', bob: '-2+3+cmd|calc', chloe: '0.25' };

beforeAll(async () => {
  app = await startTestServer();
  for (const user of ['alice', 'bob', 'chloe']) {
    const browser = new TestBrowser();
    const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=${user}&link=demo-exam`);
    const submitted = await browser.request(`${app.baseUrl}/quiz`, {
      form: {
        session: hiddenField(page.body, 'session'),
        action: 'submit-confirmed',
        idempotencyKey: hiddenField(page.body, 'idempotencyKey'),
        'answer:3:alphaStar': TYPED[user] ?? '',
      },
    });
    expect(submitted.status).toBeLessThan(400);
  }
  const browser = new TestBrowser();
  const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&link=demo-exam`);
  teacher = { browser, ltik: new URL(page.url).searchParams.get('ltik') ?? '' };
  expect(teacher.ltik).not.toBe('');
});
afterAll(async () => {
  await app.cleanup();
});

/** A page as the instructor's browser gets it. */
const download = (path: string) =>
  teacher.browser.request(`${app.baseUrl}${path}?ltik=${encodeURIComponent(teacher.ltik)}`);

// The CSVs are read as bytes: fetch's text() would drop the byte-order mark they start with.

describe('the instructor CSV exports over HTTP', () => {
  it('the results page links the grade sheet beside the per-part export', async () => {
    const page = await download('/instructor');
    expect(page.status).toBe(200);
    expect(page.body).toContain('/instructor/grade-sheet.csv?ltik=');
    expect(page.body).toContain('/instructor/export.csv?ltik=');
  });

  it('the grade sheet has one row per student with points per problem and the total, UTF-8 with a BOM', async () => {
    const raw = await fetch(`${app.baseUrl}/instructor/grade-sheet.csv?ltik=${encodeURIComponent(teacher.ltik)}`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(raw.headers.get('content-disposition')).toMatch(/^attachment; filename="?grade-sheet-[\w-]+\.csv"?$/);
    const bytes = Buffer.from(await raw.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(bytes.subarray(3).toString('utf8'));
    const header = rows[0] ?? [];
    expect(header).toEqual([
      'name',
      'user_id',
      'attempt',
      'p1_batchnorm',
      'p2_rnn',
      'p3_policy',
      'p4_gd',
      'total_points',
      'max_points',
      'pending_manual',
      'submitted_at',
    ]);
    const students = rows.slice(1);
    expect(students.map((r) => r[1])).toEqual(['alice', 'bob', 'chloe']);
    expect(students.map((r) => r[0])).toEqual(['Alice Novak', 'Bob Smith', 'Chloé Dvořáková']);
    for (const r of students) {
      expect(r).toHaveLength(header.length);
      const perProblem = r.slice(3, 7).map(Number);
      expect(perProblem.every(Number.isFinite)).toBe(true);
      expect(Number(r[7])).toBeCloseTo(
        perProblem.reduce((a, b) => a + b, 0),
        6,
      );
      expect(Number(r[8])).toBeGreaterThan(0);
      expect(new Date(r[10] ?? '').getTime()).toBeGreaterThan(Date.now() - 600_000);
    }
    // The totals are what the database holds for each student's submission.
    for (const r of students) {
      const stored = await app.store.models.Submission.findOne({ userId: r[1] }).lean();
      expect(Number(r[7])).toBe(stored?.points);
    }
    for (const cell of rows.flat()) expect(isFormulaCell(cell), cell).toBe(false);
  });

  it('the per-part export keeps "-16" a number and defuses "-2+3+cmd|calc"; it has a BOM too', async () => {
    const res = await fetch(`${app.baseUrl}/instructor/export.csv?ltik=${encodeURIComponent(teacher.ltik)}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(bytes.subarray(3).toString('utf8'));
    const head = rows[0] ?? [];
    const raw = head.indexOf('raw');
    const alphaStar = rows.filter((r) => r[head.indexOf('part')] === 'alphaStar');
    expect(Object.fromEntries(alphaStar.map((r) => [r[0], r[raw]]))).toEqual({
      alice: '-16',
      bob: "'-2+3+cmd|calc",
      chloe: '0.25',
    });
    expect(rows.flat()).toContain('Chloé Dvořáková');
  });

  it('is refused to learners', async () => {
    const browser = new TestBrowser();
    await browser.navigate(`${app.baseUrl}/sandbox/launch?user=bob&link=demo-exam`);
    const res = await browser.request(
      `${app.baseUrl}/instructor/grade-sheet.csv?ltik=${encodeURIComponent(launchLtik(browser))}`,
    );
    expect(res.status).toBe(403);
  });
});
