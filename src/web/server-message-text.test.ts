import { describe, expect, it } from 'vitest';
import { serverMessageText } from './server-message-text.ts';

/** What a learner can be told by the quiz route, its session check and the error handler, as written. */
const LEARNER_MESSAGES = [
  'No session: open the activity from your course.',
  'No LTI session: open the activity from your course.',
  'This session is not valid. Open the activity again from your course.',
  'Your session has expired. Open the activity again from your course; your saved answers are kept.',
  'This session belongs to another login in this browser. Open the activity again from your course.',
  'Something went wrong on our side. Your saved answers are safe; please try again.',
  'Not saved: the tool cannot store anything right now. Your answers are still in this page; try again in a moment.',
  'The request is too large.',
  'Bad request.',
  'Too many submissions in a minute; wait a moment and try again.',
  'Too many saves in a minute.',
  'answer 2.A: at most 2000 characters',
  'answer 1.explain: must be text',
  'idempotencyKey: must be 8 to 64 letters, digits, - or _ (reload the page)',
];

describe('server messages in the learner language', () => {
  it.each(LEARNER_MESSAGES)('"%s" has a Czech text', (message) => {
    const cs = serverMessageText(message, 'cs');
    expect(cs).not.toBe(message);
    expect(cs).not.toMatch(/\b(the|your|open|must|session|answer|request)\b/i);
  });

  it('keeps English as written, and an unknown message as it is', () => {
    expect(serverMessageText('Bad request.', 'en')).toBe('Bad request.');
    expect(serverMessageText('Something new.', 'cs')).toBe('Something new.');
  });

  it('keeps the numbers and part names of a message', () => {
    expect(serverMessageText('answer 2.A: at most 2000 characters', 'cs')).toBe('odpověď 2.A: nejvýše 2000 znaků');
  });
});
