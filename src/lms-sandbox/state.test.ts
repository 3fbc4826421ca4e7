import { describe, expect, it } from 'vitest';
import { SandboxState } from './state.ts';

describe('the sandbox LMS state', () => {
  it('drops launches abandoned for ten minutes when new ones start, and keeps the recent ones', () => {
    const state = new SandboxState();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 1000; i++)
      state.addPendingLaunch(`old-${i}`, { userId: 'alice', type: 'resource', linkId: 'demo-exam' }, t0 + i);
    state.addPendingLaunch('recent', { userId: 'bob', type: 'resource', linkId: 'demo-exam' }, t0 + 9 * 60_000);
    expect(state.pendingLaunches.size).toBe(1001);
    state.addPendingLaunch('new', { userId: 'chloe', type: 'resource', linkId: 'demo-exam' }, t0 + 11 * 60_000);
    expect([...state.pendingLaunches.keys()]).toEqual(['recent', 'new']);
    expect(state.pendingLaunch('recent', t0 + 11 * 60_000)?.userId).toBe('bob');
    expect(state.pendingLaunch('recent', t0 + 20 * 60_000)).toBeUndefined();
  });

  it('comes back from its saved form as it was: line items, gradebook with its history count, tokens', () => {
    const state = new SandboxState();
    const link = state.links.get('demo-exam');
    state.recordScore(link?.lineItemId ?? '', {
      userId: 'alice',
      scoreGiven: 3,
      scoreMaximum: 20,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: '2026-12-06T10:00:00.000Z',
    });
    state.recordScore(link?.lineItemId ?? '', {
      userId: 'alice',
      scoreGiven: 20,
      scoreMaximum: 20,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: '2026-12-06T10:05:00.000Z',
    });
    state.addAccessToken('t-1', ['https://purl.imsglobal.org/spec/lti-ags/scope/score'], Date.now() + 3_600_000);
    const again = new SandboxState(JSON.parse(JSON.stringify(state.toSaved())));
    expect(again.links.get('demo-exam')).toEqual(link);
    expect(again.scores.get(link?.lineItemId ?? '')?.get('alice')).toMatchObject({ scoreGiven: 20, received: 2 });
    expect(again.accessTokens.has('t-1')).toBe(true);
  });
});
